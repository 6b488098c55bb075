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
    void aChunkedBodyIsReadOnlyUpToTheLimitThenRefused() throws Exception {
        CountingBody body = new CountingBody(10_000_000);
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST",
                "/intake/vendors/V1/stock") {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                return body;
            }
        };
        chunked.addHeader("Transfer-Encoding", "chunked");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        limit.doFilter(chunked, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).contains("REQUEST_TOO_LARGE",
                "without a length", "1000");
        assertThat(chain.getRequest()).as("not passed on").isNull();
        assertThat(body.served).as("bytes read of 10,000,000").isLessThan(1_000 + 64 * 1024);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsPassedOnWhole() throws Exception {
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST",
                "/intake/vendors/V1/stock");
        chunked.addHeader("Transfer-Encoding", "chunked");
        chunked.setContent("{\"reports\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();

        limit.doFilter(chunked, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest().getInputStream().readAllBytes())
                .asString().isEqualTo("{\"reports\":[]}");
        assertThat(chain.getRequest().getContentLengthLong()).isEqualTo(14);
    }

    /** A body of {@code size} bytes that counts how many were read from it. */
    private static final class CountingBody extends jakarta.servlet.ServletInputStream {

        private final long size;
        private long served;

        CountingBody(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (served >= size) {
                return -1;
            }
            served++;
            return 'x';
        }

        @Override
        public boolean isFinished() {
            return served >= size;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
            throw new UnsupportedOperationException();
        }
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
