package io.faithwatch.ops;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** JSON Schema validation (draft-07) of the operations files against the schemas in ../shared/schemas. */
final class Schemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private Schemas() {
    }

    /** Validation errors of {@code document}; the schema's own $schema/$id are dropped so that nothing is fetched. */
    static List<String> errors(JsonNode schema, JsonNode document) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$schema");
        copy.remove("$id");
        JsonSchema compiled = FACTORY.getSchema(copy);
        Set<ValidationMessage> messages = compiled.validate(document);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /**
     * A CRD's openAPIV3Schema as the API server applies it: fields a schema does not declare are rejected (strict field
     * validation), except below {@code x-kubernetes-preserve-unknown-fields} or where additionalProperties is given.
     */
    static JsonNode strictCrdSchema(JsonNode openApiV3Schema) {
        JsonNode copy = openApiV3Schema.deepCopy();
        forbidUnknownFields(copy);
        return copy;
    }

    private static void forbidUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            // metadata is the API server's (ObjectMeta), never described by a CRD.
            if (object.path("properties").has("metadata")) {
                ((ObjectNode) object.get("properties")).set("metadata", object.objectNode().put("type", "object"));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                forbidUnknownFields(it.next().getValue());
            }
        } else if (node.isArray()) {
            node.forEach(Schemas::forbidUnknownFields);
        }
    }
}
