package dev.correlate.core.archfixture;

import org.yaml.snakeyaml.Yaml;

/**
 * A violation for {@code CoreArchitectureTest} to catch: a library beyond Jackson. Never in main
 * code.
 */
public final class CoreUsingYamlDirectly {
  Yaml yaml;
}
