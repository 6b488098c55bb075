package org.consignmenthub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Intake requests announcing more than the limit are turned away before being read. */
class RequestSizeLimitTest {

    private final RequestSizeLimit limit = new RequestSizeLimit(1_000);

    @Test
    void anIntakeRequestAboveTheLimitIsRefusedUnread() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST",
                "/intake/vendors/V1/stock");
        request.setContent(new byte[1_001]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        limit.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("REQUEST_TOO_LARGE")
                .contains("1001 bytes").contains("at most 1000");
        assertThat(chain.getRequest()).as("not passed on").isNull();
    }

    @Test
    void requestsWithinTheLimitAndOtherPathsPassOn() throws Exception {
        MockHttpServletRequest small = new MockHttpServletRequest("POST",
                "/intake/vendors/V1/stock");
        small.setContent(new byte[1_000]);
        MockHttpServletRequest api = new MockHttpServletRequest("POST", "/api/catalog");
        api.setContent(new byte[5_000]);

        MockFilterChain smallChain = new MockFilterChain();
        limit.doFilter(small, new MockHttpServletResponse(), smallChain);
        MockFilterChain apiChain = new MockFilterChain();
        limit.doFilter(api, new MockHttpServletResponse(), apiChain);

        assertThat(smallChain.getRequest()).isSameAs(small);
        assertThat(apiChain.getRequest()).isSameAs(api);
    }
}
