package org.consignmenthub.intake;

/**
 * A record that breaks one of its account's validation rules: which rule, on which field,
 * with which value, and why. Its reason code starts with {@code RULE_}, so the dead-letter
 * store can be searched for every refusal of one rule: {@code RULE_REQUIRED},
 * {@code RULE_CURRENCY}, {@code RULE_SKU}, {@code RULE_PRICE}, {@code RULE_ADDRESS},
 * {@code RULE_DUPLICATE}. The rule itself is named as {@code rules.yaml} names it.
 */
public record RuleViolation(String rule, String field, String value, String detail) {

    public String reasonCode() {
        return switch (rule) {
            case "currencies" -> "RULE_CURRENCY";
            case "priceTolerancePercent" -> "RULE_PRICE";
            case "duplicateWindow" -> "RULE_DUPLICATE";
            default -> "RULE_" + rule.toUpperCase(java.util.Locale.ROOT);
        };
    }

    /** The reason as support staff read it, naming channel, account and record. */
    public String reason(String channel, String account, String recordRef) {
        return "channel " + channel + ", account " + account + ", record " + recordRef
                + ": field " + field + " = " + (value == null ? "(absent)" : "'" + value + "'")
                + " breaks rule '" + rule + "': " + detail;
    }

    public MappedRecord.Rejected rejection(String channel, String account, String recordRef,
            String rawRecord) {
        return new MappedRecord.Rejected(recordRef, rawRecord, field, reasonCode(),
                reason(channel, account, recordRef));
    }
}
