package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.line;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import java.util.List;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A title transfer is priced by the agreement version, and the price within it, in force
 * when title passes: the later of the line's sale and its shipment. Vendor V6 consigns G
 * under version 1 (10.00, then 10.50 from 15 November, tax 10%) and version 2 from
 * 1 December (11.00, then 11.75 from 15 December, tax 20%), New York time.
 */
class AgreementVersionTest extends HubIntegrationTest {

    private static final String CHANNEL = "cases";

    @BeforeEach
    void versionedAgreement() {
        books.loadCatalog("fixtures/agreement-terms-catalog.yaml");
        books.apply(receipt("R-G", "V6", "G", "L1", 20));
    }

    @Test
    void titlePassesUnderTheVersionAndPriceInForceWhenBothSoldAndShipped() {
        // Sold and shipped before the dated price of version 1.
        soldThenShipped("O-1", "2026-11-10T10:00:00-05:00", "2026-11-12T10:00:00-05:00");
        // Sold before the dated price, shipped after it.
        soldThenShipped("O-2", "2026-11-14T15:00:00-05:00", "2026-11-16T09:00:00-05:00");
        // Both in the last second of version 1.
        soldThenShipped("O-3", "2026-11-30T18:00:00-05:00", "2026-11-30T23:59:59-05:00");
        // Sold under version 1, shipped at the very moment version 2 takes effect.
        soldThenShipped("O-4", "2026-11-30T20:00:00-05:00", "2026-12-01T00:00:00-05:00");
        // Shipped under version 1, sold under version 2; the shipment arrives first.
        books.apply(shipment(CHANNEL, "S-O-5", "O-5", "S-O-5", "2026-11-28T10:00:00-05:00",
                line("1", "G", 2)));
        assertThat(transfers()).hasSize(4);
        books.apply(sale(CHANNEL, "O-5", "2026-12-02T11:00:00-05:00", line("1", "G", 2)));
        // Sold and shipped after the dated price of version 2.
        soldThenShipped("O-6", "2026-12-15T10:00:00-05:00", "2026-12-16T10:00:00-05:00");

        assertThat(transfers()).containsExactly(
                "O-1 2 x 10.0000 SBA-V6-1 v1 at 2026-11-12T10:00:00-05:00",
                "O-2 2 x 10.5000 SBA-V6-1 v1 at 2026-11-16T09:00:00-05:00",
                "O-3 2 x 10.5000 SBA-V6-1 v1 at 2026-11-30T23:59:59-05:00",
                "O-4 2 x 11.0000 SBA-V6-2 v2 at 2026-12-01T00:00:00-05:00",
                "O-5 2 x 11.0000 SBA-V6-2 v2 at 2026-12-02T11:00:00-05:00",
                "O-6 2 x 11.7500 SBA-V6-2 v2 at 2026-12-16T10:00:00-05:00");
        assertThat(invoiceLines()).containsExactly(
                "O-1 2 x 10.0000 = 20.00 + 0.1000 = 2.00 on 2026-11-12 under SBA-V6-1",
                "O-2 2 x 10.5000 = 21.00 + 0.1000 = 2.10 on 2026-11-16 under SBA-V6-1",
                "O-3 2 x 10.5000 = 21.00 + 0.1000 = 2.10 on 2026-11-30 under SBA-V6-1",
                "O-4 2 x 11.0000 = 22.00 + 0.2000 = 4.40 on 2026-12-01 under SBA-V6-2",
                "O-5 2 x 11.0000 = 22.00 + 0.2000 = 4.40 on 2026-12-02 under SBA-V6-2",
                "O-6 2 x 11.7500 = 23.50 + 0.2000 = 4.70 on 2026-12-16 under SBA-V6-2");
        assertThat(books.onHand("V6", "G", "L1")).isEqualTo(8);
    }

    private void soldThenShipped(String orderRef, String soldAt, String shippedAt) {
        books.apply(sale(CHANNEL, orderRef, soldAt, line("1", "G", 2)),
                shipment(CHANNEL, "S-" + orderRef, orderRef, "S-" + orderRef, shippedAt,
                        line("1", "G", 2)));
    }

    /** Transfers, oldest first: order, units, price, agreement version, New York time. */
    private List<String> transfers() {
        return books.jdbc().queryForList("""
                select t.order_ref || ' ' || t.quantity || ' x ' || t.unit_price || ' '
                    || a.reference || ' v' || t.agreement_version || ' at '
                    || to_char(t.transferred_at at time zone 'America/New_York',
                        'YYYY-MM-DD"T"HH24:MI:SS') || '-05:00'
                from title_transfer t join consignment_agreement a on a.id = t.agreement_id
                where t.vendor = 'V6' and a.version = t.agreement_version
                order by t.order_ref""", String.class);
    }

    /**
     * Invoice lines of V6 by order: units, price, net, tax rate and tax, business date, and
     * the self-billing agreement their document was issued under.
     */
    private List<String> invoiceLines() {
        return books.jdbc().queryForList("""
                select t.order_ref || ' ' || l.quantity || ' x ' || l.unit_price || ' = '
                    || l.net_amount || ' + ' || l.tax_rate || ' = ' || l.tax_amount || ' on '
                    || l.business_date || ' under '
                    || coalesce(d.self_billing_agreement, 'no document')
                from billing_line l
                join title_transfer t on t.id = l.transfer_id
                left join billing_document d on d.id = l.document_id
                where l.vendor = 'V6' and l.kind = 'INVOICE'
                order by t.order_ref""", String.class);
    }
}
