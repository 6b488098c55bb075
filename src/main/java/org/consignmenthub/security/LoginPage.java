package org.consignmenthub.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The one sign-in page for vendor portal users and staff: plain server-rendered HTML with
 * no external assets. Vendor users land on {@code /portal/} afterwards, staff on
 * {@code /ops/}.
 */
@Controller
class LoginPage {

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String notice = "";
        if (request.getParameter("error") != null) {
            notice = "<p class=\"notice\" role=\"alert\">Unknown user name or wrong password,"
                    + " or the account is disabled.</p>";
        } else if (request.getParameter("logout") != null) {
            notice = "<p class=\"notice\">You have signed out.</p>";
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Sign in - consignment hub</title>
                <style>
                body { font-family: sans-serif; max-width: 22rem; margin: 4rem auto; }
                label { display: block; margin-top: 1rem; }
                input { width: 100%%; padding: .4rem; box-sizing: border-box; }
                button { margin-top: 1.5rem; padding: .5rem 1.5rem; }
                .notice { border-left: 4px solid #b00; padding-left: .5rem; }
                </style>
                </head>
                <body>
                <h1>Sign in</h1>
                %s
                <form method="post" action="/login">
                <label for="username">User name</label>
                <input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Password</label>
                <input id="password" name="password" type="password"
                       autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit">Sign in</button>
                </form>
                </body>
                </html>
                """.formatted(notice, HtmlUtils.htmlEscape(csrf.getParameterName()),
                HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
