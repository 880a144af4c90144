package io.switchboard.auth.simulator;

/** The simulated phone's plain HTML: the scanned QR's key, then Scan, Approve and Deny. */
final class PhonePage {

    private PhonePage() {
    }

    static String actions(String qrCodeKey, String message) {
        String key = escape(qrCodeKey);
        return page("Simulated phone", (message == null ? "" : "<p id=\"result\">" + escape(message) + "</p>")
                + "<p>QR code <code>" + key + "</code></p>"
                + "<form method=\"post\" action=\"phone\">"
                + "<input type=\"hidden\" name=\"qrCodeKey\" value=\"" + key + "\">"
                + "<label>User id <input name=\"userId\" value=\"user-42\"></label><br>"
                + "<label>Name <input name=\"userName\" value=\"Ada Lovelace\"></label><br>"
                + "<button name=\"action\" value=\"scan\">1. Scan</button> "
                + "<button name=\"action\" value=\"approve\">2. Approve</button> "
                + "<button name=\"action\" value=\"deny\">Deny</button>"
                + "</form>");
    }

    static String unknown(String qrCodeKey) {
        return page("Unknown QR code", "<p>This QR code (" + escape(qrCodeKey) + ") is unknown or expired.</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title></head><body><h1>" + escape(title) + "</h1>"
                + body + "</body></html>";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
