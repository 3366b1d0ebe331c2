package io.dmon.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessagePartsTest {
    @Test
    void noItemsIsOneEmptyPart() {
        assertThat(MessageParts.split(List.<Job>of())).containsExactly(List.of());
    }

    @Test
    void partsKeepTheOrderAndStayUnderTheBudget() {
        List<Job> jobs = IntStream.range(0, 50).mapToObj(i -> job("j" + i, 100)).toList();
        List<List<Job>> parts = MessageParts.split(jobs, 1000);
        List<Job> joined = new ArrayList<>();
        for (List<Job> part : parts) {
            assertThat(part.stream().mapToInt(j -> j.getSerializedSize() + 6).sum()).isLessThanOrEqualTo(1000);
            joined.addAll(part);
        }
        assertThat(joined).isEqualTo(jobs);
        assertThat(parts).hasSizeGreaterThan(5);
    }

    @Test
    void anItemLargerThanAPartIsAPartOfItsOwn() {
        List<List<Job>> parts = MessageParts.split(List.of(job("a", 10), job("big", 5000), job("b", 10)), 1000);
        assertThat(parts).extracting(List::size).containsExactly(1, 1, 1);
    }

    private static Job job(String name, int pad) {
        return Job.newBuilder().setName(name).setId("x".repeat(pad)).build();
    }
}
