import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the platform's Kafka topics if they are missing. Run as a single-file program:
 * {@code java -cp 'infra/target/lib/*' infra/CreateTopics.java <bootstrap> [--config client.properties] name:partitions ...}
 * ({@code --config}: the Admin client's security settings, e.g. the scram profile's {@code admin.properties}).
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        int first = 1;
        if (args.length > 2 && args[1].equals("--config")) {
            try (InputStream in = new FileInputStream(args[2])) {
                config.load(in);
            }
            first = 3;
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            for (int i = first; i < args.length; i++) {
                String[] spec = args[i].split(":");
                if (!existing.contains(spec[0])) {
                    wanted.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), (short) 1));
                }
            }
            if (!wanted.isEmpty()) {
                admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
            }
            System.out.println("topics ready: " + (args.length - first) + " (" + wanted.size() + " created)");
        }
    }
}
