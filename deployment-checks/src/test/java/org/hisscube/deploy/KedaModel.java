package org.hisscube.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * KEDA's custom resources as records with exactly the fields of KEDA's CRDs ({@code keda.sh/v1alpha1}, KEDA 2.x:
 * {@code config/crd/bases/keda.sh_scaledobjects.yaml} and {@code keda.sh_triggerauthentications.yaml}). No Java model
 * of KEDA is published; read with unknown properties refused, a field the CRD does not have fails the check.
 */
final class KedaModel {
    private KedaModel() {
    }

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record ScaledObject(String apiVersion, String kind, Metadata metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
            Integer maxReplicaCount, Fallback fallback, Advanced advanced, List<Trigger> triggers) {
    }

    record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {
    }

    record Advanced(Boolean restoreToOriginalReplicaCount, HpaConfig horizontalPodAutoscalerConfig,
            ScalingModifiers scalingModifiers) {
    }

    /** {@code behavior} is Kubernetes' own HorizontalPodAutoscalerBehavior (checked by fabric8's model). */
    record HpaConfig(String name, JsonNode behavior) {
    }

    record ScalingModifiers(String formula, String target, String activationTarget, String metricType) {
    }

    record Trigger(String type, String name, Boolean useCachedMetrics, String metricType,
            Map<String, String> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record TriggerAuthentication(String apiVersion, String kind, Metadata metadata, TriggerAuthenticationSpec spec) {
    }

    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef, List<EnvTargetRef> env,
            JsonNode podIdentity, JsonNode hashiCorpVault, JsonNode azureKeyVault, JsonNode gcpSecretManager,
            JsonNode awsSecretManager, List<ConfigMapTargetRef> configMapTargetRef) {
    }

    record SecretTargetRef(String parameter, String name, String key) {
    }

    record EnvTargetRef(String parameter, String name, String containerName) {
    }

    record ConfigMapTargetRef(String parameter, String name, String key) {
    }

    /** The metadata keys KEDA's Kafka scaler reads (keda.sh/docs/2.x/scalers/apache-kafka). */
    static final List<String> KAFKA_TRIGGER_METADATA = List.of("bootstrapServers", "bootstrapServersFromEnv",
            "consumerGroup", "consumerGroupFromEnv", "topic", "topicFromEnv", "lagThreshold",
            "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset",
            "excludePersistentLag", "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions",
            "partitionLimitation", "sasl", "tls", "version", "unsafeSsl");
}
