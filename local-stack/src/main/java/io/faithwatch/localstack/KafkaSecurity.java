package io.faithwatch.localstack;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import io.faithwatch.events.KafkaAccess;

/**
 * A broker's users and rights when it runs secured: SASL/SCRAM-SHA-512 on the client listener, one user per principal of
 * {@link KafkaAccess} with exactly its ACLs, and {@code admin} as the only super user (topics, users, ACLs). The
 * controller listener takes SASL/PLAIN from the controller only (KRaft does not take SCRAM there), so no client gets in
 * without a password anywhere. Passwords are drawn at random for each broker.
 */
public final class KafkaSecurity {
    public static final String ADMIN = "admin";
    private static final String CONTROLLER = "controller";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;
    private final String controllerPassword;

    private KafkaSecurity(Map<String, String> passwords, String controllerPassword) {
        this.passwords = Map.copyOf(passwords);
        this.controllerPassword = controllerPassword;
    }

    /** New random passwords for admin and every principal. */
    public static KafkaSecurity generate() {
        Map<String, String> passwords = new TreeMap<>();
        passwords.put(ADMIN, password());
        KafkaAccess.all().forEach(grant -> passwords.put(grant.principal(), password()));
        return new KafkaSecurity(passwords, password());
    }

    private static String password() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The password of a principal (or of {@link #ADMIN}). */
    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user named '" + principal + "'; known: " + passwords.keySet());
        }
        return password;
    }

    /** What a client of the principal sets beyond {@code bootstrap.servers}. */
    public Map<String, String> clientProperties(String principal) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, KafkaAccess.MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, scramLogin(principal, password(principal)));
        return props;
    }

    static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The broker's listeners and authorizer: SCRAM for clients (admin between brokers), PLAIN for the controller. */
    void configure(Properties props, int port, int controllerPort) {
        props.put("listeners", "SASL_PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", KafkaAccess.MECHANISM);
        props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scramLogin(ADMIN, password(ADMIN)));
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + CONTROLLER + "\" password=\"" + controllerPassword + "\" user_" + CONTROLLER + "=\"" + controllerPassword + "\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + ADMIN + ";User:" + CONTROLLER);
        props.put("auto.create.topics.enable", "false");
    }

    /** The storage format's arguments that create admin's SCRAM credential before the broker first starts. */
    List<String> formatArguments() {
        return List.of("--add-scram", KafkaAccess.MECHANISM + "=[name=" + ADMIN + ",password=" + password(ADMIN) + "]");
    }

    /** The ACLs of every principal, from {@link KafkaAccess}. */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (KafkaAccess.Grant grant : KafkaAccess.all()) {
            String user = "User:" + grant.principal();
            grant.reads().forEach(topic -> {
                acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, user, AclOperation.READ));
                acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, user, AclOperation.DESCRIBE));
            });
            grant.writes().forEach(topic -> {
                acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, user, AclOperation.WRITE));
                acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, user, AclOperation.DESCRIBE));
            });
            grant.groups().forEach(group -> acls.add(allow(ResourceType.GROUP, group, PatternType.LITERAL, user, AclOperation.READ)));
            grant.groupPrefixes().forEach(prefix -> acls.add(allow(ResourceType.GROUP, prefix, PatternType.PREFIXED, user, AclOperation.READ)));
        }
        return acls.stream().distinct().toList();
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String user, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }

    /** Creates every principal's SCRAM credential and ACLs, as admin. */
    void createUsersAndAcls(String bootstrapServers) {
        Map<String, Object> adminConfig = new LinkedHashMap<>(clientProperties(ADMIN));
        adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminConfig)) {
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> users = new ArrayList<>();
            KafkaAccess.all().forEach(grant -> users.add(new UserScramCredentialUpsertion(grant.principal(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(grant.principal()))));
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the Kafka users and ACLs on " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
