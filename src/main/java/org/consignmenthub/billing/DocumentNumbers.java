package org.consignmenthub.billing;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gapless document numbers, one series per legal entity, vendor and document kind. The
 * series row is locked by the transaction that issues the document, so a number is used
 * exactly when the document commits; a database sequence would leave gaps on rollback.
 */
public class DocumentNumbers {

    private final JdbcTemplate jdbc;

    public DocumentNumbers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Number(long sequence, String text) {
    }

    public Number next(String legalEntity, String vendor, SelfBilling.Kind kind) {
        Long sequence = jdbc.queryForObject("""
                insert into document_series (legal_entity, vendor, kind, last_number)
                values (?, ?, ?, 1)
                on conflict (legal_entity, vendor, kind)
                do update set last_number = document_series.last_number + 1
                returning last_number""",
                Long.class, legalEntity, vendor, kind.name());
        String prefix = kind == SelfBilling.Kind.INVOICE ? "SBI" : "SBC";
        return new Number(sequence, String.format("%s-%s-%s-%06d", prefix, legalEntity, vendor,
                sequence));
    }
}
