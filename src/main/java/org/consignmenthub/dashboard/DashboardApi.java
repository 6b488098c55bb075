package org.consignmenthub.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The operations dashboard over HTTP: the page at {@code /ops/}, its reads under
 * {@code /ops/api/}, and the live stream of changed positions.
 */
@Controller
class DashboardApi {

    private final StockOverview overview;
    private final LiveStock live;
    private final IntakeGlance glance;
    private final Clock clock;
    private final RecentAnswers charts = new RecentAnswers(2_000);

    DashboardApi(StockOverview overview, LiveStock live, IntakeGlance glance, Clock clock) {
        this.overview = overview;
        this.live = live;
        this.glance = glance;
        this.clock = clock;
    }

    /** The page's own links are absolute, but a bookmark of /ops should still work. */
    @GetMapping("/ops")
    String bare() {
        return "redirect:/ops/";
    }

    @GetMapping("/ops/")
    String page() {
        return "forward:/ops/index.html";
    }

    /** Positions side by side, one page; {@code sku} is a prefix. */
    @GetMapping(path = "/ops/api/positions", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> positions(@RequestParam(required = false) String legalEntity,
            @RequestParam(required = false) String location,
            @RequestParam(required = false) String vendor,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        PositionQuery query = PositionQuery.of(legalEntity, location, vendor, sku, owner, sort,
                limit, offset);
        StockOverview.Page page = overview.positions(query);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rows", page.rows());
        answer.put("offset", page.offset());
        answer.put("limit", query.limit());
        answer.put("more", page.more());
        return answer;
    }

    /**
     * Changed positions as server-sent events, for the legal entity, location, vendor and
     * SKU prefix given. The owner filter is left to the page: a row that sold out of
     * consigned stock must still reach a page listing consigned stock, to show the zero.
     */
    @GetMapping(path = "/ops/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter stream(@RequestParam(required = false) String legalEntity,
            @RequestParam(required = false) String location,
            @RequestParam(required = false) String vendor,
            @RequestParam(required = false) String sku) {
        return live.watch(PositionQuery.of(legalEntity, location, vendor, sku, null, null,
                null, null));
    }

    @GetMapping(path = "/ops/api/stock-over-time", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, Object>> stockOverTime(@RequestParam(required = false) String location,
            @RequestParam(required = false) String vendor,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) Integer days) {
        String at = PositionQuery.blankToNull(location);
        String by = PositionQuery.blankToNull(vendor);
        String prefix = PositionQuery.blankToNull(sku);
        int last = PositionQuery.within("days", days == null ? 90 : days, 1, 3_660);
        return charts.get(String.join("|", "stock", at, by, prefix, String.valueOf(last)),
                () -> overview.stockOverTime(at, by, prefix, last));
    }

    /** Transfers and invoiced value per vendor and {@code day} or {@code month}. */
    @GetMapping(path = "/ops/api/transfers", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, Object>> transfers(@RequestParam(defaultValue = "day") String period,
            @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from) {
        StockOverview.Period grouping = period(period);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate since = from != null ? from : grouping == StockOverview.Period.MONTH
                ? today.withDayOfMonth(1).minusMonths(11) : today.minusDays(29);
        return charts.get("transfers|" + grouping + "|" + since,
                () -> overview.transfersByVendor(grouping, since));
    }

    /** Dead letters, messages in progress, sources and vendor feeds. */
    @GetMapping(path = "/ops/api/health", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> health() {
        return glance.now();
    }

    @ExceptionHandler(DashboardRefusal.class)
    ResponseEntity<Map<String, Object>> refused(DashboardRefusal refusal) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reasonCode", "INVALID_PARAMETER", "field", refusal.field(),
                        "reason", refusal.getMessage()));
    }

    private static StockOverview.Period period(String period) {
        try {
            return StockOverview.Period.valueOf(period.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DashboardRefusal("period", "must be day or month, was " + period);
        }
    }
}
