package org.consignmenthub.api;

import java.util.List;
import java.util.Map;
import org.consignmenthub.security.Parties;
import org.consignmenthub.triage.DeadLetterTriage;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The inbound store as a whole: every delivery the hub kept, sent in again on demand. */
@RestController
@RequestMapping(path = "/api/inbox", produces = MediaType.APPLICATION_JSON_VALUE)
class InboxApi {

    private final DeadLetterTriage triage;

    InboxApi(DeadLetterTriage triage) {
        this.triage = triage;
    }

    /**
     * Sends the stored deliveries of a channel or account, or the whole inbox, in again as
     * they first came; the event keys make what was applied before change nothing.
     */
    @PostMapping("/replay")
    Map<String, Object> replay(@RequestParam(required = false) String channel,
            @RequestParam(required = false) String account) {
        List<Long> replays = triage.replayInbox(channel, account, Parties.current().name());
        return Map.of("messages", replays.size(), "inboundMessages", replays);
    }
}
