package io.switchboard.notify.rest;

import java.util.List;

/** The start page's HTML: a list of links, every text escaped. */
final class StartPageHtml {
    private StartPageHtml() {
    }

    static String render(List<StartPageResource.Link> links) {
        StringBuilder s = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Switchboard (local run)</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font:16px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
                li{margin:.6rem 0}small{color:#555;display:block}</style></head>
                <body><h1>Switchboard, local run</h1>
                <p>Each page opens already signed in; the token travels in the link's <code>#token=</code>, which the page
                keeps for its tab and removes from the address bar.</p>
                <ul>
                """);
        for (StartPageResource.Link l : links) {
            s.append("<li><a href=\"").append(escape(l.url())).append("\">").append(escape(l.title())).append("</a>");
            if (l.note() != null && !l.note().isBlank()) {
                s.append("<small>").append(escape(l.note())).append("</small>");
            }
            s.append("</li>\n");
        }
        return s.append("</ul></body></html>\n").toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
