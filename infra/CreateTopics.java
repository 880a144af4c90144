import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the platform's Kafka topics if they are missing. Run as a single-file program:
 * {@code java -cp 'infra/target/lib/*' infra/CreateTopics.java <bootstrap> name:partitions ...}.
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(":");
                if (!existing.contains(spec[0])) {
                    wanted.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), (short) 1));
                }
            }
            if (!wanted.isEmpty()) {
                admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
            }
            System.out.println("topics ready: " + (args.length - 1) + " (" + wanted.size() + " created)");
        }
    }
}
