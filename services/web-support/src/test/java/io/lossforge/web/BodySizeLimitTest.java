package io.lossforge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodySizeLimitTest {

    private final BodySizeLimit limit = new BodySizeLimit(10);

    @Test
    void aDeclaredLengthAboveTheLimitIsRefusedBeforeAnythingIsRead() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/searches");
        request.setContent("12345678901".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        limit.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("the chain never ran").isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString())
                .contains("urn:lossforge:problem:payload-too-large", "11 bytes", "at most 10");
    }

    @Test
    void aBodyWithoutLengthFailsTheReadThatCrossesTheLimit() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/searches") {
            @Override
            public long getContentLengthLong() {
                return -1; // chunked
            }
        };
        request.setContent("12345678901".getBytes(StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();
        limit.doFilter(request, new MockHttpServletResponse(), chain);
        var in = chain.getRequest().getInputStream();
        assertThat(in.readNBytes(10)).hasSize(10);
        assertThatThrownBy(in::read).isInstanceOf(BodySizeLimit.TooLarge.class);
    }

    @Test
    void aBodyWithinTheLimitPassesWhole() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/searches");
        request.setContent("1234567890".getBytes(StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();
        limit.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest().getInputStream().readAllBytes()).hasSize(10);
    }
}
