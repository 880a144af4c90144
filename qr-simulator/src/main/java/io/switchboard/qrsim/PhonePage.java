package io.switchboard.qrsim;

/** The simulated phone's plain HTML: the scanned QR's key, then Scan, Approve and Deny. */
final class PhonePage {
    private static final String STYLE = "<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}"
            + "h1{font-size:18px;margin:0;padding:14px 18px;background:#1d2330;color:#fff}main{padding:18px}"
            + "#result{background:#d9f5e3;color:#16713a;padding:10px 12px;border-radius:6px;word-break:break-word}"
            + "code{font-size:13px;word-break:break-all}label{display:block;margin:10px 0;font-size:14px;color:#5a6275}"
            + "input{display:block;width:100%;box-sizing:border-box;padding:9px;border:1px solid #cfd4dd;border-radius:6px;font:inherit}"
            + "button{width:100%;margin-top:10px;padding:12px;border:0;border-radius:8px;font:inherit;font-weight:600;"
            + "background:#2f6fed;color:#fff}button[value=deny]{background:#e5e8ef;color:#a12622}form br{display:none}</style>";

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
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"data:,\">" + STYLE
                + "<title>" + escape(title) + "</title></head><body><h1>" + escape(title) + "</h1><main>"
                + body + "</main></body></html>";
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
