package org.consignmenthub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.CanonicalJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partner documents that book nothing (vendors' invoices, order acknowledgements,
 * warehouse orders), as recorded: a list to filter, and one document with its content.
 */
@RestController
@RequestMapping(path = "/api/partner-documents", produces = MediaType.APPLICATION_JSON_VALUE)
class PartnerDocumentsApi {

    private final JdbcTemplate jdbc;

    PartnerDocumentsApi(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    List<Map<String, Object>> documents(@RequestParam(required = false) String channel,
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String ref,
            @RequestParam(defaultValue = "100") int limit) {
        return jdbc.queryForList("""
                select id, legal_entity, channel, account, document_type, document_ref, status,
                    occurred_at, currency, document_total, line_count, hub_document, hub_total,
                    difference, recorded_at
                from partner_document
                where (?::text is null or channel = ?) and (?::text is null or account = ?)
                  and (?::text is null or document_type = ?)
                  and (?::text is null or document_ref = ?)
                order by occurred_at desc, id desc limit ?""",
                channel, channel, account, account, type, type, ref, ref,
                Math.max(1, Math.min(limit, 1000)));
    }

    /** One document, with the canonical event it was recorded from as {@code content}. */
    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> document(@PathVariable long id)
            throws JsonProcessingException {
        List<Map<String, Object>> found = jdbc.queryForList("""
                select id, legal_entity, channel, account, document_type, document_ref, status,
                    occurred_at, currency, document_total, line_count, hub_document, hub_total,
                    difference, event_key, content::text as content, recorded_at
                from partner_document where id = ?""", id);
        if (found.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        Map<String, Object> document = new LinkedHashMap<>(found.get(0));
        document.put("content", CanonicalJson.mapper().readTree((String) document.get("content")));
        return ResponseEntity.ok(document);
    }
}
