package dev.tracing.autoconfigure;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Container ids read from samples of {@code /proc/self/cgroup} and {@code /proc/self/mountinfo} (see
 * {@code src/test/resources/container/SOURCES.md}).
 */
class ContainerIdTests {

	@Test
	void shouldReadDockerIdFromCgroupV1() {
		assertThat(ContainerId.detect(sample("cgroup-v1-docker"), sample("mountinfo-host")))
			.hasValue("3601745b3bd54d9780436faa5f0e4f72bb46231663bb99a6bb892764917832c2");
	}

	@Test
	void shouldReadContainerdIdFromSystemdScopeUnderCgroupV1() {
		assertThat(ContainerId.detect(sample("cgroup-v1-kubernetes-systemd"), sample("mountinfo-host")))
			.hasValue("0a3c3e7bfa4dd2da6d9e9e2b2a7f1bd66e8e7b8cfb8f5d5f7e3a9c1d2b4e6f80");
	}

	@Test
	void shouldReadDockerIdFromMountinfoUnderCgroupV2() {
		assertThat(ContainerId.detect(sample("cgroup-v2-container"), sample("mountinfo-docker-cgroup-v2")))
			.hasValue("be522444b60caf2d3934b8b24b916a8a314f4b68d4595aa419874657e8d103f2");
	}

	@Test
	void shouldReadContainerdIdFromCgroupMountRootsNotTheSandbox() {
		assertThat(ContainerId.detect(sample("cgroup-v2-container"), sample("mountinfo-containerd-kubernetes")))
			.hasValue("f2a44bc8e090f93a2b4d7f510bdaff0615ad52906e3287ee956dcf5aa5012a91");
	}

	@Test
	void shouldNotTakeThePodSandboxIdForTheContainerId() {
		assertThat(ContainerId.detect(sample("cgroup-v2-container"), sample("mountinfo-containerd-sandbox-only")))
			.isEmpty();
	}

	@Test
	void shouldReadPodmanIdFromMountinfo() {
		assertThat(ContainerId.detect(sample("cgroup-v2-container"), sample("mountinfo-podman-rootless")))
			.hasValue("2a33efc76e519c137fe6093179653788bed6162d4a15e5131c8e835c968afbe6");
	}

	@Test
	void shouldFindNothingOutsideAContainer() {
		assertThat(ContainerId.detect(sample("cgroup-v1-host"), sample("mountinfo-host"))).isEmpty();
	}

	@Test
	void shouldFindNothingWhenTheFilesDoNotExist() {
		assertThat(ContainerId.detect(Path.of("/nonexistent/cgroup"), Path.of("/nonexistent/mountinfo"))).isEmpty();
	}

	private static Path sample(String name) {
		try {
			return Path.of(ContainerIdTests.class.getResource("/container/" + name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
