package org.consignmenthub.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * A request the API cannot read is answered with the field and the reason in the same
 * shape as a business refusal ({@code reasonCode}, {@code field}, {@code reason}), instead
 * of the framework's bare 400 or 415. Controllers' own handlers come first.
 */
@RestControllerAdvice
class RequestErrors {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException failure) {
        if (failure.getCause() instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            return refused(HttpStatus.BAD_REQUEST, "INVALID_FIELD", field(mapping),
                    reason(mapping));
        }
        return refused(HttpStatus.BAD_REQUEST, "UNREADABLE_BODY", "body",
                "the body is missing or is not the JSON this call takes");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Map<String, Object>> missingHeader(MissingRequestHeaderException missing) {
        return refused(HttpStatus.BAD_REQUEST, "MISSING_HEADER", missing.getHeaderName(),
                "the header " + missing.getHeaderName() + " is required");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParameter(
            MissingServletRequestParameterException missing) {
        return refused(HttpStatus.BAD_REQUEST, "MISSING_PARAMETER",
                missing.getParameterName(),
                "the parameter " + missing.getParameterName() + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> wrongType(MethodArgumentTypeMismatchException wrong) {
        return wrongTypeAnswer(wrong);
    }

    static ResponseEntity<Map<String, Object>> wrongTypeAnswer(
            MethodArgumentTypeMismatchException wrong) {
        return refused(HttpStatus.BAD_REQUEST, "INVALID_FIELD", wrong.getName(),
                "cannot read " + wrong.getValue() + " as "
                        + wrong.getRequiredType().getSimpleName());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> wrongMediaType(
            HttpMediaTypeNotSupportedException wrong) {
        return refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "Content-Type", "this call takes " + wrong.getSupportedMediaTypes()
                        + ", not " + wrong.getContentType());
    }

    private static String field(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(at -> at.getFieldName() != null ? at.getFieldName()
                        : "[" + at.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String reason(JsonMappingException mapping) {
        if (mapping instanceof InvalidFormatException invalid) {
            return "cannot read " + invalid.getValue() + " as "
                    + invalid.getTargetType().getSimpleName();
        }
        String message = mapping.getOriginalMessage();
        int detail = message.indexOf(" (");
        return detail > 0 ? message.substring(0, detail) : message;
    }

    private static ResponseEntity<Map<String, Object>> refused(HttpStatus status,
            String reasonCode, String field, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", reasonCode);
        body.put("field", field);
        body.put("reason", reason);
        return ResponseEntity.status(status).body(body);
    }
}
