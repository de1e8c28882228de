package io.authstore.storage.jooq.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method a {@link TestStorage} parameter over a fresh database copied from the migrated template,
 * and drops that database afterwards. Use with {@code @ExtendWith(StorageExtension.class)}.
 */
public final class StorageExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StorageExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        FreshDatabases databases = FreshDatabases.get();
        long start = System.nanoTime();
        String database = databases.take();
        TestStorage storage = new TestStorage(database, TestStorage.settingsFor(databases.server(), database));
        databases.recordHandout(System.nanoTime() - start);
        context.getStore(NAMESPACE).put(TestStorage.class, storage);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestStorage storage = context.getStore(NAMESPACE).remove(TestStorage.class, TestStorage.class);
        if (storage != null) {
            storage.closeAndDrop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStorage.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(TestStorage.class, TestStorage.class);
    }
}
