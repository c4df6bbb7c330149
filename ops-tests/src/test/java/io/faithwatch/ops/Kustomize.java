package io.faithwatch.ops;

import static io.faithwatch.ops.OpsFiles.JSON;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Just enough of kustomize to see what an overlay produces without the binary: resources (files and kustomization
 * folders), ConfigMap/Secret generators, patches (strategic merge by kind and name, lists of named items merged by name;
 * JSON 6902 add (into maps and lists), replace and remove on targets by kind, name and label), images and namespace.
 * Generated names keep no hash suffix (kustomize rewrites the references to it anyway). Anything it does not know is an
 * error, not a silent skip.
 */
final class Kustomize {
    private Kustomize() {
    }

    /** The files and folders a kustomization names, resolved against its folder. */
    static List<Path> references(Path dir) {
        JsonNode k = OpsFiles.yaml(dir.resolve("kustomization.yaml"));
        List<Path> refs = new ArrayList<>();
        k.path("resources").forEach(r -> refs.add(dir.resolve(r.asText()).normalize()));
        k.path("components").forEach(r -> refs.add(dir.resolve(r.asText()).normalize()));
        k.path("patches").forEach(p -> {
            if (p.has("path")) {
                refs.add(dir.resolve(p.get("path").asText()).normalize());
            }
        });
        k.path("patchesStrategicMerge").forEach(p -> refs.add(dir.resolve(p.asText()).normalize()));
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            k.path(generator).forEach(g -> {
                g.path("files").forEach(f -> refs.add(dir.resolve(f.asText().contains("=") ? f.asText().split("=", 2)[1] : f.asText()).normalize()));
                g.path("envs").forEach(f -> refs.add(dir.resolve(f.asText()).normalize()));
            });
        }
        return refs;
    }

    static List<ObjectNode> render(Path dir) {
        JsonNode k = OpsFiles.yaml(dir.resolve("kustomization.yaml"));
        for (String unsupported : List.of("components", "patchesStrategicMerge", "patchesJson6902", "replacements", "namePrefix", "nameSuffix",
                "helmCharts", "replicas", "commonLabels", "commonAnnotations")) {
            if (k.has(unsupported)) {
                throw new AssertionError(dir + ": this test's kustomize does not know " + unsupported + "; teach it first");
            }
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path path = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                OpsFiles.yamlDocuments(path).forEach(d -> objects.add((ObjectNode) d));
            }
        }
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode g : k.path(generator)) {
                if (g.has("files") || g.has("envs")) {
                    throw new AssertionError(dir + ": generators from files are not rendered here; use literals");
                }
                ObjectNode object = JSON.createObjectNode().put("apiVersion", "v1").put("kind", generator.startsWith("config") ? "ConfigMap" : "Secret");
                object.putObject("metadata").put("name", g.path("name").asText());
                ObjectNode data = object.putObject(generator.startsWith("config") ? "data" : "stringData");
                g.path("literals").forEach(l -> {
                    String[] kv = l.asText().split("=", 2);
                    data.put(kv[0], kv[1]);
                });
                objects.add(object);
            }
        }
        for (JsonNode patch : k.path("patches")) {
            if (patch.has("path")) {
                for (JsonNode doc : OpsFiles.yamlDocuments(dir.resolve(patch.get("path").asText()))) {
                    ObjectNode target = find(objects, doc.path("kind").asText(), doc.path("metadata").path("name").asText(), dir);
                    merge(target, doc);
                }
            } else {
                JsonNode ops = OpsFiles.JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(patch.path("patch").asText()));
                List<ObjectNode> targets = objects.stream().filter(o -> matches(o, patch.path("target"))).toList();
                if (targets.isEmpty()) {
                    throw new AssertionError(dir + ": patch target " + patch.path("target") + " matches nothing");
                }
                targets.forEach(t -> ops.forEach(op -> apply(t, op, dir)));
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode o : objects) {
                for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                    String current = c.path("image").asText();
                    String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                    if (name.equals(image.path("name").asText())) {
                        String tag = image.has("newTag") ? image.get("newTag").asText() : current.substring(current.lastIndexOf(':') + 1);
                        ((ObjectNode) c).put("image", image.path("newName").asText(name) + ":" + tag);
                    }
                }
            }
        }
        for (JsonNode labels : k.path("labels")) {
            if (labels.path("includeSelectors").asBoolean(false) || labels.path("includeTemplates").asBoolean(false)) {
                throw new AssertionError(dir + ": labels on selectors or templates are not rendered here");
            }
            objects.forEach(o -> o.withObject("/metadata/labels").setAll((ObjectNode) labels.path("pairs")));
        }
        if (k.has("namespace")) {
            objects.stream().filter(o -> !o.path("kind").asText().equals("Namespace"))
                    .forEach(o -> ((ObjectNode) o.path("metadata")).put("namespace", k.get("namespace").asText()));
        }
        return objects;
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name, Path where) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": patch of " + kind + " " + name + " matches nothing"));
    }

    private static boolean matches(JsonNode object, JsonNode target) {
        if (target.has("kind") && !target.get("kind").asText().equals(object.path("kind").asText())) {
            return false;
        }
        if (target.has("group") && !object.path("apiVersion").asText().startsWith(target.get("group").asText() + "/")) {
            return false;
        }
        if (target.has("name") && !target.get("name").asText().equals(object.path("metadata").path("name").asText())) {
            return false;
        }
        if (target.has("labelSelector")) {
            for (String pair : target.get("labelSelector").asText().split(",")) {
                String[] kv = pair.split("=", 2);
                if (!kv[1].equals(object.path("metadata").path("labels").path(kv[0]).asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Strategic merge as kustomize does it for the fields used here: maps merge, lists of named items merge by name. */
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode object && e.getValue().isObject()) {
                merge(object, e.getValue());
            } else if (existing instanceof ArrayNode list && e.getValue().isArray() && named(list) && named(e.getValue())) {
                for (JsonNode item : e.getValue()) {
                    JsonNode match = null;
                    for (JsonNode candidate : list) {
                        if (candidate.path("name").equals(item.path("name"))) {
                            match = candidate;
                        }
                    }
                    if (match == null) {
                        list.add(item.deepCopy());
                    } else {
                        merge((ObjectNode) match, item);
                    }
                }
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static boolean named(JsonNode list) {
        if (list.isEmpty()) {
            return false;
        }
        for (JsonNode item : list) {
            if (!item.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static void apply(ObjectNode object, JsonNode op, Path where) {
        String path = op.path("path").asText();
        int cut = path.lastIndexOf('/');
        JsonNode parent = path.substring(0, cut).isEmpty() ? object : object.at(path.substring(0, cut));
        String field = path.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        String kind = op.path("op").asText();
        // Into a list: "-" appends, an index inserts before the item there (RFC 6902).
        if (parent instanceof ArrayNode list && kind.equals("add")) {
            if (field.equals("-")) {
                list.add(op.get("value").deepCopy());
            } else if (field.matches("\\d+") && Integer.parseInt(field) <= list.size()) {
                list.insert(Integer.parseInt(field), op.get("value").deepCopy());
            } else {
                throw new AssertionError(where + ": JSON patch " + op + " names no place in the list");
            }
            return;
        }
        boolean exists = parent.has(field);
        if (!(parent instanceof ObjectNode node) || (!exists && !kind.equals("add"))) {
            throw new AssertionError(where + ": JSON patch " + op + " does not apply to " + object.path("kind").asText() + " "
                    + object.path("metadata").path("name").asText());
        }
        switch (kind) {
            case "add", "replace" -> node.set(field, op.get("value").deepCopy());
            case "remove" -> node.remove(field);
            default -> throw new AssertionError(where + ": JSON patch op " + kind + " is not rendered here");
        }
    }
}
