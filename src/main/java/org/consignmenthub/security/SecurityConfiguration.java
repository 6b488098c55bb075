package org.consignmenthub.security;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what. Two filter chains: the token issuer ({@code /oauth2/**} and its
 * metadata), and everything else. See README "Security" for the table of paths and roles.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {

    /**
     * Paths anyone may call. A webhook channel belongs here because its route checks the
     * signature of the body (Shopify) or the account's shared secret in a header
     * (BigCommerce) before it stores anything.
     */
    public static final String[] PUBLIC_PATHS = {
        "/login", "/error", "/actuator/health", "/actuator/health/**", "/intake/shopify/**",
        "/intake/bigcommerce/**", "/intake/woocommerce/**",
        // The vendor API's OpenAPI description and its browser: they describe, never serve,
        // data.
        "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
        "/swagger-ui/**",
    };

    /**
     * Webhooks whose senders prove themselves by a signature or a shared secret instead of
     * holding credentials.
     */
    static final String[] SIGNED_WEBHOOKS = {"/intake/shopify/**", "/intake/bigcommerce/**",
        "/intake/woocommerce/**"};

    private static final String[] STAFF = {"OPERATIONS", "FINANCE", "SUPPORT", "ADMIN"};
    private static final String[] TRIAGE = {"SUPPORT", "OPERATIONS", "ADMIN"};
    private static final String[] OPERATIONS = {"OPERATIONS", "ADMIN"};
    private static final String[] MONEY = {"FINANCE", "OPERATIONS", "ADMIN"};

    @Bean
    PasswordEncoder passwordEncoder(SecuritySettings settings) {
        return new BCryptPasswordEncoder(settings.bcryptStrength());
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc) {
        return new AuditLog(jdbc);
    }

    @Bean
    Credentials credentials(JdbcTemplate jdbc, PasswordEncoder passwords, AuditLog audit) {
        return new Credentials(jdbc, passwords, audit, Clock.systemUTC());
    }

    @Bean
    UserDetailsService hubUsers(Credentials credentials) {
        return username -> credentials.user(username).orElseThrow(
                () -> new UsernameNotFoundException("no user " + username));
    }

    @Bean
    RegisteredClientRepository hubClients(Credentials credentials, SecuritySettings settings) {
        return new HubClients(credentials, settings.oauth2().tokenLifetime());
    }

    @Bean
    JWKSource<SecurityContext> tokenSigningKeys(@Value("${hub.data-dir}") Path dataDir) {
        return new ImmutableJWKSet<>(SigningKey.loadOrCreate(
                dataDir.resolve("security").resolve("token-signing-key.json")));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, SecuritySettings settings) {
        if (settings.oauth2().externalIssuer()) {
            return JwtDecoders.fromIssuerLocation(settings.oauth2().issuerUri());
        }
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder().build();
    }

    /** Hub-issued access tokens name the client's vendor in the {@code vendor} claim. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> vendorClaim(Credentials credentials) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            String clientId = context.getRegisteredClient().getClientId();
            credentials.activeClient(clientId).ifPresent(client -> {
                context.getClaims().claim(TokenParties.VENDOR_CLAIM, client.vendor());
                credentials.clientUsed(clientId);
            });
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain tokenIssuer(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer issuer =
                OAuth2AuthorizationServerConfigurer.authorizationServer();
        Refusals refusals = new Refusals();
        http.securityMatcher(issuer.getEndpointsMatcher())
                .with(issuer, Customizer.withDefaults())
                .authorizeHttpRequests(paths -> paths.anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(issuer.getEndpointsMatcher()))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .exceptionHandling(refused -> refused.authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .addFilterBefore(RequestAudit.recorder(), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain hub(HttpSecurity http, Credentials credentials, JwtDecoder tokens,
            SecuritySettings settings) throws Exception {
        Refusals refusals = new Refusals();
        TokenParties tokenParties = new TokenParties(credentials,
                !settings.oauth2().externalIssuer());
        http.authorizeHttpRequests(paths -> {
            // An async dispatch finishes a request that was authorized on its way in (intake
            // answers from Camel's async REST). The credential filters run once per request,
            // so checking it again would refuse it after its answer went out.
            paths.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
            paths.requestMatchers(PUBLIC_PATHS).permitAll();
            if (settings.metricsOpen()) {
                paths.requestMatchers("/actuator/**").permitAll();
            }
            paths.requestMatchers("/actuator/**").hasAnyRole(STAFF)
                    .requestMatchers("/api/v1/vendor/**").hasRole("VENDOR")
                    .requestMatchers("/api/admin/**").hasRole("ADMIN")
                    .requestMatchers("/api/dead-letters/**", "/api/inbox/**",
                            "/api/missed-messages/**").hasAnyRole(TRIAGE)
                    .requestMatchers("/api/reconciliation/**", "/api/catalog/**")
                    .hasAnyRole(OPERATIONS)
                    .requestMatchers("/api/billing/**").hasAnyRole(MONEY)
                    .requestMatchers(HttpMethod.GET, "/api/valuation").hasAnyRole(MONEY)
                    .requestMatchers(HttpMethod.GET, "/api/agreements/**", "/api/vendors",
                            "/api/locations", "/api/items/**", "/api/stock", "/api/summary")
                    .hasAnyRole(STAFF)
                    .requestMatchers("/api/**").hasAnyRole(OPERATIONS)
                    .requestMatchers("/intake/vendors/{vendor}/**").access(ownVendorOrOperations())
                    .requestMatchers("/intake/**").hasAnyRole(OPERATIONS)
                    .requestMatchers("/portal", "/portal/**").hasRole("VENDOR")
                    .requestMatchers("/ops", "/ops/**").hasAnyRole(STAFF)
                    .anyRequest().authenticated();
        })
                .csrf(csrf -> csrf.ignoringRequestMatchers(SIGNED_WEBHOOKS)
                        .ignoringRequestMatchers(carriesOwnCredentials()))
                .httpBasic(basic -> basic.authenticationEntryPoint(refusals))
                .oauth2ResourceServer(bearer -> bearer
                        .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(tokenParties))
                        .authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .formLogin(form -> form.loginPage("/login").successHandler(landing())
                        .failureUrl("/login?error").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .exceptionHandling(refused -> refused.authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .addFilterAfter(new SessionUserCheck(credentials),
                        SecurityContextHolderFilter.class)
                .addFilterBefore(new ApiKeyFilter(credentials, refusals),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(RequestAudit.recorder(), AuthorizationFilter.class);
        return http.build();
    }

    /** The audit filter wraps the security filters so that it sees every final status. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestAudit(AuditLog audit) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new RequestAudit(audit));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ApplicationRunner initialCredentials(Credentials credentials, SecuritySettings settings,
            AuditLog audit, @Value("${hub.data-dir}") Path dataDir) {
        return arguments -> InitialCredentials.establish(credentials, audit,
                settings.declared(), dataDir);
    }

    /**
     * A vendor party may post to its own vendor's intake only; operations staff to any.
     */
    private static AuthorizationManager<RequestAuthorizationContext> ownVendorOrOperations() {
        return (authentication, context) -> {
            Optional<Party> party = Parties.of(authentication.get());
            String vendor = context.getVariables().get("vendor");
            boolean allowed = party.map(caller -> caller.isVendor()
                    ? caller.vendorCode().equals(vendor)
                    : caller.hasRole(Role.OPERATIONS) || caller.hasRole(Role.ADMIN))
                    .orElse(false);
            return new AuthorizationDecision(allowed);
        };
    }

    /**
     * Requests that carry their own credentials (Basic, bearer, API key) cannot be forged
     * by another site, which cannot set those headers; only session calls need CSRF tokens.
     */
    private static RequestMatcher carriesOwnCredentials() {
        return request -> {
            String authorization = request.getHeader("Authorization");
            return request.getHeader(ApiKeyFilter.HEADER) != null || (authorization != null
                    && (authorization.regionMatches(true, 0, "Basic ", 0, 6)
                            || authorization.regionMatches(true, 0, "Bearer ", 0, 7)));
        };
    }

    /** Signed in: vendor users to the portal, staff to the dashboard, audited as them. */
    private static AuthenticationSuccessHandler landing() {
        return (request, response, authentication) -> {
            Optional<Party> party = Parties.of(authentication);
            party.ifPresent(signedIn -> RequestAudit.note(request, signedIn));
            response.sendRedirect(request.getContextPath()
                    + (party.map(Party::isVendor).orElse(false) ? "/portal/" : "/ops/"));
        };
    }
}
