package org.consignmenthub.vendor;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.reconciliation.DiscrepancyCases;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The vendor API's parts, its request gate and its OpenAPI description. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VendorApiSettings.class)
class VendorApiConfiguration {

    @Bean
    VendorBooks vendorBooks(JdbcTemplate jdbc) {
        return new VendorBooks(jdbc);
    }

    @Bean
    VendorCases vendorCases(JdbcTemplate jdbc, DiscrepancyCases cases) {
        return new VendorCases(jdbc, cases);
    }

    @Bean
    ShipmentNotices shipmentNotices(JdbcTemplate jdbc, Clock clock) {
        return new ShipmentNotices(jdbc, clock);
    }

    @Bean
    VendorStockIntake vendorStockIntake(ProducerTemplate camel) {
        return new VendorStockIntake(camel);
    }

    @Bean
    WebhookSubscriptions webhookSubscriptions(JdbcTemplate jdbc, Clock clock,
            VendorApiSettings settings) {
        return new WebhookSubscriptions(jdbc, clock, settings.webhooks().allowPrivateTargets());
    }

    @Bean
    WebhookDeliveries webhookDeliveries(JdbcTemplate jdbc, Clock clock,
            VendorApiSettings settings) {
        return new WebhookDeliveries(jdbc, clock, settings.webhooks());
    }

    @Bean
    VendorRateLimits vendorRateLimits(VendorApiSettings settings) {
        return new VendorRateLimits(settings, System::nanoTime);
    }

    @Bean
    IdempotencyKeys idempotencyKeys(JdbcTemplate jdbc, Clock clock,
            VendorApiSettings settings) {
        return new IdempotencyKeys(jdbc, clock, settings.idempotencyKeyLifetime());
    }

    /** After the security filters, which name the vendor the gate counts and keys by. */
    @Bean
    FilterRegistrationBean<VendorRequestGate> vendorRequestGate(VendorRateLimits limits,
            IdempotencyKeys keys, @Value("${hub.intake.max-request-bytes}") long maxBytes) {
        FilterRegistrationBean<VendorRequestGate> registration =
                new FilterRegistrationBean<>(new VendorRequestGate(limits, keys, maxBytes));
        registration.addUrlPatterns(VendorStockApi.BASE + "/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    @Bean
    OpenAPI vendorApiDescription() {
        return new OpenAPI()
                .info(new Info().title("consignment-hub vendor API").version("v1")
                        .description("A vendor's own stock, shipments, title transfers,"
                                + " invoices, credit notes, balance, discrepancy cases and"
                                + " webhooks. Every request acts for the vendor its"
                                + " credentials name; other vendors' ids answer 404."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme()
                                .type(SecurityScheme.Type.OAUTH2)
                                .description("Access token from /oauth2/token (client"
                                        + " credentials); its vendor claim names the vendor")
                                .flows(new OAuthFlows().clientCredentials(new OAuthFlow()
                                        .tokenUrl("/oauth2/token"))))
                        .addSecuritySchemes("apiKey", new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                                .description("chk_<8 hex>.<secret>, issued by the retailer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /** Every POST takes an Idempotency-Key; the description says what it does. */
    @Bean
    GlobalOperationCustomizer idempotencyKeyHeader() {
        return (operation, handler) -> {
            boolean post = handler.hasMethodAnnotation(
                    org.springframework.web.bind.annotation.PostMapping.class);
            boolean declared = operation.getParameters() != null && operation.getParameters()
                    .stream().anyMatch(p -> p.getName().equals(
                            VendorRequestGate.IDEMPOTENCY_KEY));
            if (post && !declared) {
                operation.addParametersItem(new HeaderParameter()
                        .name(VendorRequestGate.IDEMPOTENCY_KEY).required(false)
                        .schema(new StringSchema().maxLength(255))
                        .description("Sent again with the same body, the first answer"
                                + " comes back (Idempotent-Replayed: true) and nothing is"
                                + " done twice; with another body, 422. Kept 24 h."));
            }
            return operation;
        };
    }
}
