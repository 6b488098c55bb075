package org.consignmenthub.vendor.portal;

import jakarta.servlet.http.HttpServletRequest;
import org.consignmenthub.security.Parties;
import org.consignmenthub.security.Party;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The portal's pages: one HTML frame per page with the navigation, the signed-in vendor
 * and the session's CSRF token; the page's own script fills it from {@code /portal/api}.
 * No asset comes from outside the hub.
 */
@Controller
class PortalPages {

    private static final String[][] PAGES = {
        {"/portal/", "stock", "Stock"},
        {"/portal/stock-update", "stock-update", "Stock update"},
        {"/portal/transfers", "transfers", "Title transfers"},
        {"/portal/documents", "documents", "Invoices and credit notes"},
        {"/portal/counts", "counts", "Counts and discrepancies"},
    };

    @GetMapping(path = {"/portal", "/portal/"}, produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String stock(HttpServletRequest request) {
        return page(request, "stock");
    }

    @GetMapping(path = "/portal/stock-update", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String stockUpdate(HttpServletRequest request) {
        return page(request, "stock-update");
    }

    @GetMapping(path = "/portal/transfers", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String transfers(HttpServletRequest request) {
        return page(request, "transfers");
    }

    @GetMapping(path = "/portal/documents", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String documents(HttpServletRequest request) {
        return page(request, "documents");
    }

    @GetMapping(path = "/portal/counts", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String counts(HttpServletRequest request) {
        return page(request, "counts");
    }

    private static String page(HttpServletRequest request, String page) {
        Party vendor = Parties.current();
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String title = "";
        StringBuilder nav = new StringBuilder();
        for (String[] link : PAGES) {
            boolean here = link[1].equals(page);
            if (here) {
                title = link[2];
            }
            nav.append("<a href=\"").append(link[0]).append('"')
                    .append(here ? " aria-current=\"page\"" : "").append('>')
                    .append(link[2]).append("</a>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="csrf-header" content="%s">
                <meta name="csrf-token" content="%s">
                <title>%s - vendor portal</title>
                <link rel="stylesheet" href="/portal/portal.css">
                </head>
                <body data-page="%s">
                <header>
                <span class="vendor">Vendor %s</span>
                <span class="user">signed in as %s</span>
                <form method="post" action="/logout" class="signout">
                <input type="hidden" name="%s" value="%s">
                <button type="submit">Sign out</button>
                </form>
                </header>
                <nav>
                %s</nav>
                <main>
                <h1>%s</h1>
                <div id="content"><p>Loading...</p></div>
                </main>
                <script src="/portal/portal.js"></script>
                </body>
                </html>
                """.formatted(escape(csrf.getHeaderName()), escape(csrf.getToken()),
                escape(title), page, escape(vendor.vendorCode()), escape(vendor.name()),
                escape(csrf.getParameterName()), escape(csrf.getToken()), nav,
                escape(title));
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
