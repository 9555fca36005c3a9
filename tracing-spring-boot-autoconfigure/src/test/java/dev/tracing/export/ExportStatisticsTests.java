package dev.tracing.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportStatisticsTests {

	private final ExportStatistics statistics = new ExportStatistics();

	@Test
	void shouldNotLetAnOlderExportFailingLateHideANewerSuccess() {
		long old = this.statistics.exportStarted();
		long recent = this.statistics.exportStarted();
		this.statistics.exported(recent, 3);
		this.statistics.failed(old, 2, "connection refused");
		assertThat(this.statistics.isFailing()).isFalse();
		assertThat(this.statistics.droppedExportFailed()).isEqualTo(2);
		assertThat(this.statistics.lastError()).isEqualTo("connection refused");
		long next = this.statistics.exportStarted();
		this.statistics.failed(next, 1, "503");
		assertThat(this.statistics.isFailing()).isTrue();
	}

	@Test
	void shouldBoundTheQueueAndCountWhatDoesNotFit() {
		assertThat(this.statistics.tryEnqueue(2)).isTrue();
		assertThat(this.statistics.tryEnqueue(2)).isTrue();
		assertThat(this.statistics.tryEnqueue(2)).isFalse();
		assertThat(this.statistics.queued()).isEqualTo(2);
		assertThat(this.statistics.droppedQueueFull()).isEqualTo(1);
		this.statistics.dequeued(2);
		assertThat(this.statistics.tryEnqueue(2)).isTrue();
	}

}
