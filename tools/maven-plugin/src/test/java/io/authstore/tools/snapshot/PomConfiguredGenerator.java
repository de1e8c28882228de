package io.authstore.tools.snapshot;

import io.authstore.tools.database.DatabaseUrl;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Runs jOOQ's generator with the configuration written in {@code generated-snapshot/pom.xml}, so that the tests
 * exercise exactly what {@code make prepare} runs, without a second copy of the configuration.
 */
final class PomConfiguredGenerator {

    static final Path PROJECT_ROOT = Path.of(System.getProperty("authstore.projectRoot", "../.."));
    static final Path POM = PROJECT_ROOT.resolve("generated-snapshot/pom.xml");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final Document pom;
    private final Map<String, String> properties = new HashMap<>();

    PomConfiguredGenerator() throws Exception {
        pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile());
        NodeList declared = ((Element) pom.getDocumentElement().getElementsByTagName("properties").item(0))
                .getChildNodes();
        for (int i = 0; i < declared.getLength(); i++) {
            if (declared.item(i) instanceof Element property) {
                properties.put(property.getTagName(), property.getTextContent().strip());
            }
        }
    }

    String packageName() {
        return properties.get("authstore.snapshot.package");
    }

    /** Generates the snapshot of the database at {@code url} into {@code directory}. */
    void generate(DatabaseUrl url, Path directory) throws Exception {
        Map<String, String> values = new HashMap<>(properties);
        values.put("authstore.snapshot.directory", directory.toString());
        String generator = PROPERTY.matcher(serialize(generatorElement())).replaceAll(match -> {
            String value = values.get(match.group(1));
            if (value == null) {
                throw new IllegalStateException("the generator configuration uses an unknown property " + match.group());
            }
            return Matcher.quoteReplacement(value);
        });
        String xml = "<configuration xmlns=\"http://www.jooq.org/xsd/jooq-codegen-3.21.0.xsd\">" + generator
                + "</configuration>";
        Configuration configuration = GenerationTool.load(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        configuration.setLogging(Logging.WARN);
        configuration.setJdbc(new Jdbc()
                .withDriver("org.postgresql.Driver")
                .withUrl(url.jdbcUrl())
                .withUser(url.user())
                .withPassword(url.password().orElse("")));
        GenerationTool.generate(configuration);
    }

    private Element generatorElement() {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (text(plugin, "artifactId").equals("jooq-codegen-maven")) {
                Element configuration = child(plugin, "configuration");
                return child(configuration, "generator");
            }
        }
        throw new IllegalStateException("no jooq-codegen-maven plugin in " + POM);
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new IllegalStateException("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return "";
    }

    private static String serialize(Element element) throws Exception {
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(element), new StreamResult(out));
        return out.toString();
    }
}
