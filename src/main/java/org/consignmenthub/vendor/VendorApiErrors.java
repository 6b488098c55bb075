package org.consignmenthub.vendor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.consignmenthub.canonical.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Refusals of the vendor API as {@code {"reasonCode", "field", "reason"}}: unknown ids,
 * including other vendors' ids, are 404; bad fields 400; a state that does not take the
 * request 409.
 */
@RestControllerAdvice(assignableTypes = {VendorStockApi.class, VendorAccountsApi.class,
    VendorCasesApi.class, VendorWebhooksApi.class})
class VendorApiErrors {

    private static final Set<String> NOT_FOUND = Set.of("UNKNOWN_CASE", "UNKNOWN_NOTICE",
            "UNKNOWN_DOCUMENT", "UNKNOWN_SUBSCRIPTION");
    private static final Set<String> BAD_REQUEST = Set.of("INVALID_FIELD", "UNKNOWN_SKU",
            "UNKNOWN_LOCATION");

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        HttpStatus status;
        if (NOT_FOUND.contains(refusal.reasonCode())) {
            status = HttpStatus.NOT_FOUND;
        } else if (BAD_REQUEST.contains(refusal.reasonCode())) {
            status = HttpStatus.BAD_REQUEST;
        } else {
            // The request is sound but the record is not in a state to take it.
            status = HttpStatus.CONFLICT;
        }
        return answer(status, refusal.reasonCode(), refusal.field(), refusal.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_FIELD", "body",
                "the body is not the JSON this endpoint takes: "
                        + e.getMostSpecificCause().getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mistyped(MethodArgumentTypeMismatchException e) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_FIELD", e.getName(),
                "not a valid value: " + e.getValue());
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String code,
            String field, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", code);
        body.put("field", field);
        body.put("reason", reason);
        return ResponseEntity.status(status).body(body);
    }
}
