package io.switchboard.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a dev token: {@code MintToken <role[,role]> <subject> [claim=value ...] [ttl=3600]}.
 * A value with commas becomes a list ({@code boards=b1,b2}). Key and issuer come from the system
 * properties {@code key} (default {@code .run/keys/privateKey.pem}) and {@code issuer}.
 */
public final class MintToken {
    private MintToken() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: MintToken <role[,role]> <subject> [claim=value ...] [ttl=seconds]");
            System.exit(2);
        }
        Path key = Path.of(System.getProperty("key", ".run/keys/privateKey.pem"));
        String issuer = System.getProperty("issuer", "https://switchboard.local/issuer");
        Map<String, Object> extra = new LinkedHashMap<>();
        long ttl = 3600;
        for (String arg : Arrays.asList(args).subList(2, args.length)) {
            String[] kv = arg.split("=", 2);
            if (kv[0].equals("ttl")) {
                ttl = Long.parseLong(kv[1]);
            } else {
                extra.put(kv[0], kv[1].contains(",") || kv[0].equals("boards") ? List.of(kv[1].split(",")) : kv[1]);
            }
        }
        String token = DevJwt.fromPemFile(key, issuer)
                .mint(args[1], List.of(args[0].split(",")), Duration.ofSeconds(ttl), extra);
        System.out.println(token);
    }
}
