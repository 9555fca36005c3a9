package dev.tracing.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of the container this process runs in, for {@code container.id}, read from two local files (no network, no
 * process started): {@code /proc/self/cgroup}, which names the container under cgroup v1, and
 * {@code /proc/self/mountinfo}, which under cgroup v2 still shows the container's own files mounted from the
 * runtime's directory ({@code /docker/containers/<id>/hostname}, podman's {@code /overlay-containers/<id>/}) or, with
 * containerd, the container's cgroup as a mount root. containerd's {@code /sandboxes/<id>/} mounts are the pod
 * sandbox's, not this container's, and are not used.
 */
final class ContainerId {

	private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern RUNTIME_DIRECTORY = Pattern
		.compile("/(?:containers|overlay-containers)/([0-9a-f]{64})(?:/|$)");

	private ContainerId() {
	}

	static Optional<String> detect(Path cgroup, Path mountinfo) {
		Optional<String> id = fromCgroup(lines(cgroup));
		return id.isPresent() ? id : fromMountinfo(lines(mountinfo));
	}

	/**
	 * From {@code /proc/self/cgroup} lines ({@code hierarchy-id:controllers:path}): the last path segment, once the
	 * runtime's prefix ({@code docker-}, {@code cri-containerd-}, {@code crio-}, {@code libpod-}) and the systemd
	 * suffix {@code .scope} are removed, when it is a 64-digit hex id.
	 */
	static Optional<String> fromCgroup(List<String> lines) {
		for (String line : lines) {
			int first = line.indexOf(':');
			int second = (first >= 0) ? line.indexOf(':', first + 1) : -1;
			if (second < 0) {
				continue;
			}
			Optional<String> id = fromCgroupPath(line.substring(second + 1));
			if (id.isPresent()) {
				return id;
			}
		}
		return Optional.empty();
	}

	/**
	 * From {@code /proc/self/mountinfo} lines: the root of a cgroup mount (as {@link #fromCgroup}), else a file
	 * mounted from the runtime's per-container directory.
	 */
	static Optional<String> fromMountinfo(List<String> lines) {
		for (String line : lines) {
			String[] fields = line.split(" ");
			int separator = line.indexOf(" - ");
			if (fields.length > 4 && separator > 0 && line.substring(separator + 3).startsWith("cgroup")) {
				Optional<String> id = fromCgroupPath(fields[3]);
				if (id.isPresent()) {
					return id;
				}
			}
		}
		for (String line : lines) {
			String[] fields = line.split(" ");
			if (fields.length > 4) {
				Matcher matcher = RUNTIME_DIRECTORY.matcher(fields[3]);
				if (matcher.find()) {
					return Optional.of(matcher.group(1));
				}
			}
		}
		return Optional.empty();
	}

	private static Optional<String> fromCgroupPath(String path) {
		String segment = path.substring(path.lastIndexOf('/') + 1);
		if (segment.endsWith(".scope")) {
			segment = segment.substring(0, segment.length() - ".scope".length());
		}
		int prefix = Math.max(segment.lastIndexOf('-'), segment.lastIndexOf(':'));
		String candidate = segment.substring(prefix + 1);
		return ID.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
	}

	private static List<String> lines(Path file) {
		try {
			return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

}
