package io.lossforge.orchestrator.ui;

import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web view's pages (README "Web view"): static HTML shells whose script reads the public API with the
 * browser's session, so the pages show exactly what {@code /api/v1} answers and need no server-side model.
 * The search and study ids stay in the URL path for the script to read; they are never written into the
 * HTML. Serving the shells here (not as static files) lets every page hand out the CSRF cookie: reading
 * the deferred token is what makes Spring Security set it, and the pages' writes (sign-in, sign-out) echo it.
 */
@Controller
class WebViewPages {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);

    @GetMapping({"/", "/ui"})
    ResponseEntity<Void> root() {
        return ResponseEntity.status(302).location(URI.create("/ui/")).build();
    }

    @GetMapping("/ui/")
    ResponseEntity<Resource> searchesAndStudies(CsrfToken csrf) {
        return page("index", csrf);
    }

    @GetMapping("/ui/searches/{id}")
    ResponseEntity<Resource> search(CsrfToken csrf) {
        return page("search", csrf);
    }

    @GetMapping("/ui/studies/{id}")
    ResponseEntity<Resource> study(CsrfToken csrf) {
        return page("study", csrf);
    }

    @GetMapping("/ui/sign-in")
    ResponseEntity<Resource> signIn(CsrfToken csrf) {
        return page("sign-in", csrf);
    }

    private static ResponseEntity<Resource> page(String name, CsrfToken csrf) {
        csrf.getToken();
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .body(new ClassPathResource("ui/" + name + ".html"));
    }
}
