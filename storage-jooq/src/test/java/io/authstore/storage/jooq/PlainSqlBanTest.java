package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.jooq.users.JooqUserRepository;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.PlainSQL;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * storage-jooq writes every query in jOOQ's typed DSL, so that a schema change that breaks a query breaks the build.
 * jOOQ marks each API that takes SQL as a string ({@code DSL.sql}, {@code field(String)}, {@code fetch(String)},
 * {@code execute(String)}, {@code condition(String)}, …) with {@link PlainSQL}; this test reads the bytecode of
 * storage-jooq's main classes and fails on any call to such a method.
 */
class PlainSqlBanTest {

    @Test
    void storageJooqMainCodeCallsNoPlainSqlApi() throws Exception {
        Path mainClasses = Path.of(JooqUserRepository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classes;
        try (Stream<Path> files = Files.walk(mainClasses)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).map(Path::toString).toList();
        }
        assertThat(classes).as("main classes of storage-jooq found in " + mainClasses).hasSizeGreaterThan(10);

        List<String> violations = new ArrayList<>();
        for (String file : classes) {
            violations.addAll(plainSqlCalls(Path.of(file)));
        }
        assertThat(violations).as("plain-SQL jOOQ calls in storage-jooq: write them in the typed DSL").isEmpty();
    }

    @Test
    void theCheckCatchesPlainSqlTemplating() throws Exception {
        Path fixture = classFile(PlainSqlFixture.class);
        assertThat(plainSqlCalls(fixture))
                .hasSize(3)
                .anySatisfy(call -> assertThat(call).contains("org.jooq.impl.DSL.field"))
                .anySatisfy(call -> assertThat(call).contains("org.jooq.impl.DSL.sql"))
                .anySatisfy(call -> assertThat(call).contains("org.jooq.DSLContext.fetch"));
    }

    /** Calls the check must find; never executed. */
    static final class PlainSqlFixture {
        @SuppressWarnings("unused")
        static void uses(org.jooq.DSLContext dsl) {
            DSL.field("username");
            DSL.sql("select 1");
            dsl.fetch("select * from users where username = ?", "alice");
            DSL.field(DSL.name("typed")); // by name: not plain SQL
        }
    }

    private static Path classFile(Class<?> type) throws URISyntaxException {
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return root.resolve(type.getName().replace('.', '/') + ".class");
    }

    private static List<String> plainSqlCalls(Path classFile) throws IOException, ClassNotFoundException {
        ClassModel model = ClassFile.of().parse(classFile);
        List<String> calls = new ArrayList<>();
        for (MethodModel method : model.methods()) {
            if (method.code().isEmpty()) {
                continue;
            }
            for (var element : method.code().get()) {
                if (element instanceof InvokeInstruction invoke
                        && invoke.owner().asInternalName().startsWith("org/jooq/")
                        && isPlainSql(invoke.owner().asInternalName().replace('/', '.'), invoke.name().stringValue(),
                                invoke.typeSymbol())) {
                    calls.add(model.thisClass().asInternalName().replace('/', '.') + "." + method.methodName()
                            + " calls " + invoke.owner().asInternalName().replace('/', '.') + "."
                            + invoke.name().stringValue() + invoke.typeSymbol().displayDescriptor());
                }
            }
        }
        return calls;
    }

    private static boolean isPlainSql(String owner, String name, MethodTypeDesc descriptor)
            throws ClassNotFoundException {
        Class<?> type = Class.forName(owner, false, PlainSqlBanTest.class.getClassLoader());
        List<Method> candidates = new ArrayList<>(Arrays.asList(type.getMethods()));
        candidates.addAll(Arrays.asList(type.getDeclaredMethods()));
        return candidates.stream()
                .filter(method -> method.getName().equals(name))
                .filter(method -> method.getParameterCount() == descriptor.parameterCount())
                .filter(method -> descriptorOf(method).equals(descriptor.descriptorString()))
                .anyMatch(method -> method.isAnnotationPresent(PlainSQL.class));
    }

    private static String descriptorOf(Method method) {
        return java.lang.invoke.MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                .toMethodDescriptorString();
    }
}
