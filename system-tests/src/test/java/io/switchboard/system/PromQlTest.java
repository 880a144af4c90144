package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.system.support.PromQl;
import io.switchboard.system.support.PromQl.LabelMatcher;
import io.switchboard.system.support.PromQl.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The selector extraction MonitoringSystemTest relies on (pure logic). */
class PromQlTest {
    @Test
    void shouldFindMetricsButNotFunctionsAggregationsLabelListsOrRanges() {
        List<Selector> s = PromQl.selectors("sum by (job, status) (rate(http_server_requests_seconds_count{job=~\"$job\", "
                + "status=~\"5..\", status!=\"504\"}[$__rate_interval])) / on (job) group_left sum without (kind) (up_total offset 5m) > 0.8");
        assertThat(s).extracting(Selector::metric).containsExactly("http_server_requests_seconds_count", "up_total");
        assertThat(s.get(0).matchers()).containsExactly(new LabelMatcher("job", "=~", "$job"),
                new LabelMatcher("status", "=~", "5.."), new LabelMatcher("status", "!=", "504"));
        assertThat(s.get(0).rangeFunction()).isEqualTo("rate");
        assertThat(s.get(1).rangeFunction()).isNull();
    }

    @Test
    void shouldTellTheFunctionASelectorIsDirectlyInside() {
        List<Selector> s = PromQl.selectors("histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket[5m]))) + increase(c_total[1h]) + g");
        assertThat(s).extracting(Selector::metric, Selector::rangeFunction)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x_seconds_bucket", "rate"),
                        org.assertj.core.groups.Tuple.tuple("c_total", "increase"), org.assertj.core.groups.Tuple.tuple("g", null));
    }

    @Test
    void shouldRefuseWhatItCannotRead() {
        assertThatThrownBy(() -> PromQl.selectors("up{job=\"a\"} # comment")).isInstanceOf(IllegalArgumentException.class);
    }
}
