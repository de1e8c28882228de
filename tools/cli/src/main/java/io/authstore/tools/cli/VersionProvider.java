package io.authstore.tools.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = AuthstoreCommand.class.getPackage().getImplementationVersion();
        return new String[] {"authstore " + (version == null ? "(development build)" : version)};
    }
}
