package org.consignmenthub.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Self-billing: the retailer writes the vendor's invoice for every title transfer, and a
 * credit note for every reversed one. A line is priced and taxed when it is created,
 * rounded per line to the currency's minor unit; documents total their rounded lines. A
 * credit takes off its invoice line the rounded amount of all units credited so far less
 * what earlier credits took, so credits never exceed the line they reverse.
 *
 * <p>Under {@code PER_SHIPMENT} each transfer is invoiced at once. Under {@code MONTHLY}
 * lines gather in the vendor's settlement month (the calendar month of the business date in
 * the agreement's time zone) and are issued when the month is closed. A closed month never
 * reopens: a line that belongs to it goes into the next open month.
 */
public class SelfBilling {

    private static final Logger log = LoggerFactory.getLogger(SelfBilling.class);

    public enum Kind { INVOICE, CREDIT_NOTE }

    private final JdbcTemplate jdbc;
    private final Agreements agreements;
    private final DocumentNumbers numbers;
    private final Clock clock;

    public SelfBilling(JdbcTemplate jdbc, Agreements agreements, DocumentNumbers numbers,
            Clock clock) {
        this.jdbc = jdbc;
        this.agreements = agreements;
        this.numbers = numbers;
        this.clock = clock;
    }

    /** What one billing line is about; quantities are positive, the kind gives the sign. */
    public record LineRequest(String legalEntity, String vendor, long agreementId,
            long transferId, Long reversesLine, String sku, long quantity,
            BigDecimal unitPrice, String currency, Instant at, String cause) {
    }

    /** Writes the invoice line of a title transfer. Returns the line's id. */
    public long invoice(LineRequest request) {
        return addLine(Kind.INVOICE, request);
    }

    /** Writes a credit-note line that reverses part of an invoice line. */
    public long credit(LineRequest request) {
        return addLine(Kind.CREDIT_NOTE, request);
    }

    /** The invoice line written for a transfer. */
    public long invoiceLineOf(long transferId) {
        return jdbc.queryForObject("select id from billing_line where transfer_id = ?"
                + " and kind = 'INVOICE'", Long.class, transferId);
    }

    private long addLine(Kind kind, LineRequest request) {
        Terms terms = agreements.byId(request.agreementId()).orElseThrow();
        Amounts amounts = kind == Kind.INVOICE ? invoiced(request, terms.taxRate())
                : credited(request);
        LocalDate businessDate = terms.businessDate(request.at());
        YearMonth period = openPeriod(request.legalEntity(), request.vendor(),
                YearMonth.from(businessDate));

        int sign = kind == Kind.INVOICE ? 1 : -1;
        BigDecimal signed = BigDecimal.valueOf(sign);
        Long id = jdbc.queryForObject("""
                insert into billing_line (legal_entity, vendor, kind, transfer_id, reverses_line,
                    sku, quantity, unit_price, net_amount, tax_rate, tax_amount, currency,
                    business_date, period_month, cause)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                Long.class, request.legalEntity(), request.vendor(), kind.name(),
                request.transferId(), request.reversesLine(), request.sku(),
                sign * request.quantity(), amounts.unitPrice(),
                amounts.net().multiply(signed), amounts.taxRate(),
                amounts.tax().multiply(signed), request.currency(),
                Date.valueOf(businessDate), Date.valueOf(period.atDay(1)), request.cause());

        if (terms.settlementPeriod() == Terms.SettlementPeriod.PER_SHIPMENT) {
            issue(request.legalEntity(), request.vendor(), kind, period, terms);
        }
        return id;
    }

    /** Price, rate and the unsigned net and tax of one line. */
    private record Amounts(BigDecimal unitPrice, BigDecimal taxRate, BigDecimal net,
            BigDecimal tax) {
    }

    private static Amounts invoiced(LineRequest request, BigDecimal taxRate) {
        BigDecimal net = Money.extend(request.quantity(), request.unitPrice(),
                request.currency());
        BigDecimal tax = Money.round(net.multiply(taxRate), request.currency());
        return new Amounts(request.unitPrice(), taxRate, net, tax);
    }

    /**
     * What a credit takes off the invoice line it reverses. Each credit is the line's amount
     * for all units credited so far less what earlier credits took, so that rounding never
     * adds up past the line and a line returned in full is reversed to the cent, net and
     * tax. The transfer is locked, so that two returns of it count each other; not the
     * invoice line, which a close of its month updates while holding the month's row.
     */
    private Amounts credited(LineRequest request) {
        jdbc.queryForList("select id from title_transfer where id = ? for update", Long.class,
                request.transferId());
        InvoiceLine line = jdbc.queryForObject("""
                select quantity, unit_price, net_amount, tax_rate, tax_amount, currency
                from billing_line where id = ? and kind = 'INVOICE'""",
                (rs, n) -> new InvoiceLine(rs.getLong(1), rs.getBigDecimal(2),
                        rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getString(6).trim()),
                request.reversesLine());
        Credited before = jdbc.queryForObject("""
                select coalesce(-sum(quantity), 0), coalesce(-sum(net_amount), 0),
                    coalesce(-sum(tax_amount), 0)
                from billing_line where reverses_line = ?""",
                (rs, n) -> new Credited(rs.getLong(1), rs.getBigDecimal(2),
                        rs.getBigDecimal(3)),
                request.reversesLine());

        long units = before.units() + request.quantity();
        if (units > line.quantity()) {
            throw new IllegalStateException("a credit of " + request.quantity()
                    + " units would take more than the " + line.quantity()
                    + " units of invoice line " + request.reversesLine() + "; "
                    + before.units() + " were credited already");
        }
        BigDecimal netSoFar = units == line.quantity() ? line.net()
                : Money.extend(units, line.unitPrice(), line.currency());
        BigDecimal taxSoFar = units == line.quantity() ? line.tax()
                : Money.round(netSoFar.multiply(line.taxRate()), line.currency());
        return new Amounts(line.unitPrice(), line.taxRate(), netSoFar.subtract(before.net()),
                taxSoFar.subtract(before.tax()));
    }

    private record InvoiceLine(long quantity, BigDecimal unitPrice, BigDecimal net,
            BigDecimal taxRate, BigDecimal tax, String currency) {
    }

    private record Credited(long units, BigDecimal net, BigDecimal tax) {
    }

    /**
     * The first settlement month at or after {@code month} that is still open. Its row is
     * locked for share until this transaction ends: a close waits for the line to commit
     * and then issues it, and a line that waited for a close sees the month closed and
     * moves on to the next one. A month never reopens, so no line is left out of a document.
     */
    private YearMonth openPeriod(String legalEntity, String vendor, YearMonth month) {
        YearMonth candidate = month;
        while (!"OPEN".equals(lockedStatus(legalEntity, vendor, candidate))) {
            candidate = candidate.plusMonths(1);
        }
        return candidate;
    }

    private String lockedStatus(String legalEntity, String vendor, YearMonth month) {
        Date first = Date.valueOf(month.atDay(1));
        String sql = """
                select status from settlement_period
                where legal_entity = ? and vendor = ? and period_month = ? for share""";
        List<String> status = jdbc.queryForList(sql, String.class, legalEntity, vendor, first);
        if (!status.isEmpty()) {
            return status.get(0);
        }
        jdbc.update("""
                insert into settlement_period (legal_entity, vendor, period_month, status)
                values (?, ?, ?, 'OPEN') on conflict do nothing""", legalEntity, vendor, first);
        return jdbc.queryForObject(sql, String.class, legalEntity, vendor, first);
    }

    /** One vendor's settlement month. */
    public record Period(String legalEntity, String vendor, YearMonth month) {
    }

    /**
     * Closes every monthly settlement period that has ended by the hub's clock. Safe to
     * repeat: a closed month is skipped.
     */
    public int closeEndedPeriods() {
        int closed = 0;
        for (Period period : endedPeriods()) {
            closed += close(period) ? 1 : 0;
        }
        return closed;
    }

    /** Closes every period that holds unissued lines, ended or not (used at the end of a run). */
    public int closeAllOpenPeriods() {
        int closed = 0;
        for (Period period : openPeriods()) {
            closed += close(period) ? 1 : 0;
        }
        return closed;
    }

    /** The periods with unissued lines that have ended by the hub's clock. */
    public List<Period> endedPeriods() {
        Instant now = clock.instant();
        return openPeriods().stream()
                .filter(open -> !currentTerms(open).endOf(open.month()).isAfter(now))
                .toList();
    }

    /** The periods that hold unissued lines. */
    public List<Period> openPeriods() {
        return jdbc.query("""
                select distinct legal_entity, vendor, period_month from billing_line
                where document_id is null
                order by legal_entity, vendor, period_month""",
                (rs, n) -> new Period(rs.getString(1), rs.getString(2),
                        YearMonth.from(rs.getDate(3).toLocalDate())));
    }

    /** Closes one vendor's month: issues its invoice and credit note, then locks the month. */
    public void close(String legalEntity, String vendor, YearMonth month) {
        close(new Period(legalEntity, vendor, month));
    }

    /**
     * Closes the month unless it is closed already. Returns whether this call closed it; a
     * close that waited for another one to finish finds the month closed.
     */
    public boolean close(Period period) {
        Date first = Date.valueOf(period.month().atDay(1));
        jdbc.update("""
                insert into settlement_period (legal_entity, vendor, period_month, status)
                values (?, ?, ?, 'OPEN') on conflict do nothing""", period.legalEntity(),
                period.vendor(), first);
        String status = jdbc.queryForObject("""
                select status from settlement_period
                where legal_entity = ? and vendor = ? and period_month = ? for update""",
                String.class, period.legalEntity(), period.vendor(), first);
        if ("CLOSED".equals(status)) {
            return false;
        }
        Terms terms = currentTerms(period);
        issue(period.legalEntity(), period.vendor(), Kind.INVOICE, period.month(), terms);
        issue(period.legalEntity(), period.vendor(), Kind.CREDIT_NOTE, period.month(), terms);
        jdbc.update("""
                update settlement_period set status = 'CLOSED', closed_at = ?
                where legal_entity = ? and vendor = ? and period_month = ?""",
                Timestamp.from(clock.instant()), period.legalEntity(), period.vendor(), first);
        log.info("Settlement period closed legalEntity={} vendor={} month={}",
                period.legalEntity(), period.vendor(), period.month());
        return true;
    }

    /** Issues one document over every unissued line of the kind in the period. */
    private void issue(String legalEntity, String vendor, Kind kind, YearMonth month,
            Terms terms) {
        Date first = Date.valueOf(month.atDay(1));
        List<Totals> totals = jdbc.query("""
                select count(*), sum(net_amount), sum(tax_amount), min(currency)
                from billing_line
                where legal_entity = ? and vendor = ? and kind = ? and period_month = ?
                  and document_id is null
                having count(*) > 0""",
                (rs, n) -> new Totals(rs.getInt(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getString(4)),
                legalEntity, vendor, kind.name(), first);
        if (totals.isEmpty()) {
            return;
        }
        Totals sum = totals.get(0);
        DocumentNumbers.Number number = numbers.next(legalEntity, vendor, kind);
        String taxRegistration = jdbc.queryForObject("select tax_registration from vendor"
                + " where legal_entity = ? and code = ?", String.class, legalEntity, vendor);
        Long documentId = jdbc.queryForObject("""
                insert into billing_document (legal_entity, vendor, kind, sequence_number, number,
                    period_month, issued_at, currency, net_total, tax_total,
                    vendor_tax_registration, self_billing_agreement)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                Long.class, legalEntity, vendor, kind.name(), number.sequence(), number.text(),
                first, Timestamp.from(clock.instant()), sum.currency(), sum.net(), sum.tax(),
                taxRegistration, terms.reference());
        jdbc.update("""
                update billing_line set document_id = ?
                where legal_entity = ? and vendor = ? and kind = ? and period_month = ?
                  and document_id is null""",
                documentId, legalEntity, vendor, kind.name(), first);
        log.info("Self-billing document issued number={} kind={} vendor={} month={} lines={}"
                + " net={} tax={} currency={}", number.text(), kind, vendor, month, sum.lines(),
                sum.net(), sum.tax(), sum.currency());
    }

    private record Totals(int lines, BigDecimal net, BigDecimal tax, String currency) {
    }

    /** The agreement version in force when the month ends, in the agreement's time zone. */
    private Terms currentTerms(Period period) {
        Terms latest = agreements.termsAt(period.legalEntity(), period.vendor(), Instant.MAX)
                .orElseThrow(() -> new IllegalStateException("no agreement for vendor "
                        + period.vendor()));
        Instant end = latest.endOf(period.month()).minusNanos(1);
        return agreements.termsAt(period.legalEntity(), period.vendor(), end).orElse(latest);
    }
}
