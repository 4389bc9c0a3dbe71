package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const testCommit = "0123456789abcdef0123456789abcdef01234567"

// extract runs the extractor on testdata/provider and gives the parsed JSON, the raw bytes and stderr.
func extract(t *testing.T, mods modFlags, names ...string) (map[string]interface{}, []byte, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "schema.json")
	var stderr bytes.Buffer
	if err := run("testdata/provider", out, "v1.2.3", testCommit, false, false, mods, names, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]interface{}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc, raw, stderr.String()
}

// get walks a JSON document along keys.
func get(t *testing.T, v interface{}, keys ...string) interface{} {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]interface{})
		if !ok {
			t.Fatalf("%v: not an object before %q", keys, k)
		}
		if v, ok = m[k]; !ok {
			t.Fatalf("%v: no %q", keys, k)
		}
	}
	return v
}

func jsonOf(t *testing.T, s string) interface{} {
	t.Helper()
	var v interface{}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func expectJSON(t *testing.T, doc interface{}, want string, keys ...string) {
	t.Helper()
	if got := get(t, doc, keys...); !reflect.DeepEqual(got, jsonOf(t, want)) {
		g, _ := json.Marshal(got)
		t.Errorf("%s:\n got  %s\n want %s", strings.Join(keys, "."), g, want)
	}
}

func expectLine(t *testing.T, stderr, part string) {
	t.Helper()
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, part) {
			return
		}
	}
	t.Errorf("stderr has no line with %q:\n%s", part, stderr)
}

func TestResourceAttributesAndBlocks(t *testing.T) {
	doc, _, stderr := extract(t, nil, "alicloud_thing", "data.alicloud_things")
	expectJSON(t, doc, `{"source":"aliyun/alicloud","version":"1.2.3","tag":"v1.2.3","commit":"`+testCommit+`"}`, "provider")
	r := []string{"resources", "alicloud_thing", "attributes"}
	at := func(k ...string) []string { return append(append([]string(nil), r...), k...) }
	expectJSON(t, doc, `{"type":"string","required":true,"forceNew":true,"conflictsWith":["name_prefix"]}`, at("name")...)
	expectJSON(t, doc, `{"type":"string","optional":true,"deprecated":"use name instead"}`, at("name_prefix")...)
	expectJSON(t, doc, `{"type":"string","optional":true,"default":"a","enum":["a","b"]}`, at("kind")...)
	expectJSON(t, doc, `{"type":"string","optional":true}`, at("loose")...)
	expectJSON(t, doc, `{"type":"string","optional":true}`, at("external")...)
	expectJSON(t, doc, `{"type":"number","optional":true,"default":20,"intRange":[20,100]}`, at("size")...)
	expectJSON(t, doc, `{"type":["map","string"],"optional":true}`, at("tags")...)
	expectJSON(t, doc, `{"type":["list","string"],"optional":true,"enum":["z1","z2"]}`, at("zones")...)
	expectJSON(t, doc, `{"type":["set","number"],"optional":true}`, at("ports")...)
	expectJSON(t, doc, `{"type":["map","number"],"optional":true}`, at("labels")...)
	expectJSON(t, doc, `{"type":"string","optional":true,"removed":"gone"}`, at("old")...)
	expectJSON(t, doc, `{"type":"string","optional":true}`, at("custom")...)
	expectJSON(t, doc, `{"type":["list","object"],"optional":true}`, at("attr_objects")...)
	expectJSON(t, doc, `{"type":"string","computed":true}`, at("status")...)
	expectJSON(t, doc, `{"type":"string","optional":true,"computed":true}`, at("id")...)
	expectJSON(t, doc, `{"nesting":"list","required":true,"minItems":1,"block":{
		"attributes":{
			"port":{"type":"number","required":true,"intRange":[1,65535]},
			"cidr":{"type":"string","optional":true,"exactlyOneOf":["rule.0.cidr","rule.0.group"]},
			"group":{"type":"string","optional":true}},
		"blocks":{}}}`, "resources", "alicloud_thing", "blocks", "rule")
	if _, ok := get(t, doc, "resources", "alicloud_thing", "blocks").(map[string]interface{})["gone_block"]; ok {
		t.Error("a removed nested block must be left out")
	}
	expectJSON(t, doc, `{"nesting":"list","computed":true,"block":{"attributes":{"id":{"type":"string","computed":true}},"blocks":{}}}`,
		"dataSources", "alicloud_things", "blocks", "things")
	expectJSON(t, doc, `{"nesting":"set","optional":true,"maxItems":1,"block":{"attributes":{
		"role_arn":{"type":"string","required":true},
		"session_name":{"type":"string","optional":true}},"blocks":{}}}`,
		"providerBlock", "blocks", "assume_role")

	expectLine(t, stderr, "resource alicloud_thing: argument loose: validation the format cannot express, left out: case-insensitive")
	expectLine(t, stderr, "resource alicloud_thing: argument external: Default not resolved (github.com/example/sdk.DefaultMode, from a package the extractor did not read)")
	expectLine(t, stderr, "resource alicloud_thing: argument external: validation not understood or not resolved")
	expectLine(t, stderr, "resource alicloud_thing: argument custom: validation not understood or not resolved, left out: validateSomething")
	expectLine(t, stderr, "resource alicloud_thing: argument zones: MaxItems 3 on a list or set attribute")
	expectLine(t, stderr, "resource alicloud_thing: argument gone_block: removed nested block left out")
	expectLine(t, stderr, `resource alicloud_thing: argument timeouts: Terraform also accepts a single "timeouts" block (strings create)`)
	expectLine(t, stderr, "provider: argument assume_role.role_arn: Required, but an environment variable (DefaultFunc) can supply it")
	expectLine(t, stderr, `provider: argument assume_role.session_name: Required, but its DefaultFunc falls back to "" (not nil), so Terraform always treats it as optional`)
	expectLine(t, stderr, "summary: 1 resources, 1 data sources; 1 complete with no warning, 1 complete with constraints left out (warnings), 0 with errors")
}

func TestDependencyModule(t *testing.T) {
	doc, _, _ := extract(t, modFlags{"github.com/example/sdk=testdata/sdk"}, "alicloud_thing")
	expectJSON(t, doc, `{"type":"string","optional":true,"default":"auto","enum":["auto","other"]}`, "resources", "alicloud_thing", "attributes", "external")
}

func TestStraightLineCodeAndWhatItCannotFollow(t *testing.T) {
	doc, _, stderr := extract(t, nil, "alicloud_built", "alicloud_branchy")
	// Map assignments, delete() and field assignments are followed; the range loop is not.
	expectJSON(t, doc, `{
		"a":{"type":"string","optional":true,"computed":true},
		"c":{"type":"number","required":true,"default":1},
		"id":{"type":"string","optional":true,"computed":true}}`, "resources", "alicloud_built", "attributes")
	expectLine(t, stderr, "error: resource alicloud_built: conditional or loop code in resourceBuilt at alicloud/resource_thing.go:")
	expectLine(t, stderr, "error: resource alicloud_branchy: conditional or loop code in resourceBranchy at alicloud/resource_thing.go:")
	expectLine(t, stderr, "failed: resource alicloud_branchy")
	expectLine(t, stderr, "failed: resource alicloud_built")
}

func TestDeterministicAndSorted(t *testing.T) {
	_, a, _ := extract(t, nil, "alicloud_thing", "alicloud_thing_alias", "data.alicloud_things")
	_, b, _ := extract(t, nil, "data.alicloud_things", "alicloud_thing_alias", "alicloud_thing")
	if !bytes.Equal(a, b) {
		t.Error("the output depends on the order of the names")
	}
	if !bytes.HasPrefix(a, []byte("{\n  \"dataSources\": {\n")) {
		t.Errorf("want 2-space JSON with sorted keys, got %.40q", a)
	}
}

func TestRefusesUnknownNamesAndBadTags(t *testing.T) {
	var e bytes.Buffer
	err := run("testdata/provider", "", "v1.2.3", testCommit, false, true, nil, []string{"alicloud_nope", "data.alicloud_thing"}, &e, &e)
	if err == nil || !strings.Contains(err.Error(), "resource alicloud_nope, data source alicloud_thing") {
		t.Errorf("got %v", err)
	}
	for _, tag := range []string{"v2.0.0-beta1", "1.2.3", "v1.2"} {
		if err := run("testdata/provider", "", tag, testCommit, false, true, nil, []string{"alicloud_thing"}, &e, &e); err == nil {
			t.Errorf("tag %s accepted", tag)
		}
	}
}
