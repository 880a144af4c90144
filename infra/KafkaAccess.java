import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The scram profile's users and ACLs, taken from the deployment's KafkaUsers ({@code deploy/base/kafka/users.yaml},
 * which deploy/validate.sh checks against each service's application.properties), so the broker enforces the
 * deployed ACLs, not a copy. Run as a single-file program with the broker's jars
 * ({@code java -cp 'infra/target/lib/*' infra/KafkaAccess.java ...}):
 * <ul>
 * <li>{@code credentials <users.yaml> <dir>}: a random password for the super user {@code admin} and for each
 * KafkaUser; writes {@code <dir>/admin.password}, {@code <dir>/admin.properties} (an Admin client's settings) and
 * {@code <dir>/<user>.jaas} (the {@code sasl.jaas.config} line, as Strimzi's User Operator puts it in the user's
 * Secret), and prints one {@code SCRAM-SHA-512=[name=...,password=...]} per user for {@code StorageTool format
 * --add-scram};</li>
 * <li>{@code acls <bootstrap> <admin.properties> <users.yaml>}: creates every allow ACL of every KafkaUser
 * ({@code spec.authorization.acls}) for principal {@code User:<metadata.name>}.</li>
 * </ul>
 */
public class KafkaAccess {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "credentials" -> credentials(Path.of(args[1]), Path.of(args[2]));
            case "acls" -> acls(args[1], Path.of(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("credentials|acls, not " + args[0]);
        }
    }

    static void credentials(Path usersYaml, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        List<String> users = new ArrayList<>(List.of("admin"));
        for (JsonNode user : kafkaUsers(usersYaml)) {
            users.add(user.path("metadata").path("name").asText());
        }
        for (String user : users) {
            String password = password();
            String jaas = SCRAM_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";";
            write(dir.resolve(user + ".jaas"), jaas + "\n");
            if (user.equals("admin")) {
                write(dir.resolve("admin.password"), password);
                write(dir.resolve("admin.properties"), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                        + "sasl.jaas.config=" + jaas + "\n");
            }
            System.out.println("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
        }
    }

    static void acls(String bootstrap, Path adminProperties, Path usersYaml) throws Exception {
        Properties config = new Properties();
        try (InputStream in = new FileInputStream(adminProperties.toFile())) {
            config.load(in);
        }
        config.put("bootstrap.servers", bootstrap);
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode user : kafkaUsers(usersYaml)) {
            String principal = "User:" + user.path("metadata").path("name").asText();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                ResourcePattern pattern = new ResourcePattern(constant(ResourceType.class, r.path("type").asText()),
                        r.path("type").asText().equals("cluster") ? "kafka-cluster" : r.path("name").asText(),
                        r.path("patternType").asText("literal").equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
                AclPermissionType permission = constant(AclPermissionType.class, acl.path("type").asText("allow"));
                for (JsonNode op : acl.path("operations")) {
                    bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, acl.path("host").asText("*"),
                            constant(AclOperation.class, op.asText()), permission)));
                }
            }
        }
        try (Admin admin = Admin.create(config)) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        }
        System.out.println("acls ready: " + bindings.size() + " from " + usersYaml);
    }

    private static List<JsonNode> kafkaUsers(Path usersYaml) throws Exception {
        List<JsonNode> users = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(usersYaml.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if ("KafkaUser".equals(doc.path("kind").asText())) {
                    users.add(doc);
                }
            }
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("no KafkaUser in " + usersYaml);
        }
        return users;
    }

    /** Strimzi's names (topic, Read, IdempotentWrite, literal, allow) as Kafka's constants (TOPIC, READ, IDEMPOTENT_WRITE). */
    private static <E extends Enum<E>> E constant(Class<E> type, String strimziName) {
        String name = strimziName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return Enum.valueOf(type, name);
    }

    private static String password() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
