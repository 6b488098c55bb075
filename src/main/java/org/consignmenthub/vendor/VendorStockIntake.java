package org.consignmenthub.vendor;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.security.VendorScope;

/**
 * Hands a vendor's stock report to intake (route {@code intake-vendor-api-stock}) on the
 * same channel as {@code /intake/vendors/{vendor}/stock}, under the vendor the credentials
 * name: the raw request is stored before it is answered, mapped by
 * {@code mappings/vendor-stock-api}, and bad reports land in the dead-letter store with
 * the payload.
 */
public class VendorStockIntake {

    private static final String ROUTE = "direct:vendor-api-stock";

    private final ProducerTemplate camel;

    public VendorStockIntake(ProducerTemplate camel) {
        this.camel = camel;
    }

    /** The intake's answer: 202 with the inbound id and record counts, or 503 to retry. */
    public record Answer(int status, String json) {
    }

    public Answer report(VendorScope scope, byte[] body, String requestId) {
        Exchange done = camel.send(ROUTE, exchange -> {
            var in = exchange.getIn();
            in.setHeader("vendor", scope.vendorCode());
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            if (requestId != null && !requestId.isBlank()) {
                // Names the request in its source reference, as a partner's request id does.
                in.setHeader("X-Request-Id", requestId);
            }
            in.setBody(body);
        });
        if (done.getException() != null) {
            throw new IllegalStateException("intake failed for vendor " + scope.vendorCode()
                    + ": " + done.getException().getMessage(), done.getException());
        }

        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE,
                Integer.class);
        String json = done.getMessage().getBody(String.class);
        return new Answer(status == null ? 202 : status, json == null ? "{}" : json);
    }
}
