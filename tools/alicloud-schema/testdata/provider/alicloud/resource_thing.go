package alicloud

import (
	"fmt"
	"time"

	sdk "github.com/example/sdk"
	"github.com/hashicorp/terraform-plugin-sdk/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/helper/validation"
)

type Kind string

const (
	KindA = Kind("a")
	KindB = Kind("b")
)

const minSize = 20

var sharedTags = map[string]*schema.Schema{
	"owner": {Type: schema.TypeString, Optional: true, Sensitive: true},
}

func tagsSchema() *schema.Schema {
	return &schema.Schema{Type: schema.TypeMap, Optional: true}
}

func sizeSchema(max int) *schema.Schema {
	return &schema.Schema{
		Type:         schema.TypeInt,
		Optional:     true,
		Default:      minSize,
		ValidateFunc: validation.All(IntBetween(minSize, max), validation.IntBetween(0, 500)),
	}
}

func resourceThing() *schema.Resource {
	return &schema.Resource{
		Timeouts: &schema.ResourceTimeout{Create: schema.DefaultTimeout(5 * time.Minute)},
		Schema: map[string]*schema.Schema{
			"name": {
				Type:          schema.TypeString,
				Required:      true,
				ForceNew:      true,
				ConflictsWith: []string{"name_prefix"},
			},
			"name_prefix": {
				Type:       schema.TypeString,
				Optional:   true,
				Deprecated: fmt.Sprintf("use %s instead", "name"),
			},
			"kind": {
				Type:         schema.TypeString,
				Optional:     true,
				Default:      string(KindA),
				ValidateFunc: StringInSlice([]string{string(KindA), string(KindB)}, false),
			},
			"loose": {
				Type:         schema.TypeString,
				Optional:     true,
				ValidateFunc: StringInSlice([]string{"x"}, true),
			},
			"external": {
				Type:         schema.TypeString,
				Optional:     true,
				Default:      sdk.DefaultMode,
				ValidateFunc: StringInSlice([]string{sdk.DefaultMode, "other"}, false),
			},
			"size":   sizeSchema(100),
			"tags":   tagsSchema(),
			"zones":  {Type: schema.TypeList, Optional: true, MaxItems: 3, Elem: &schema.Schema{Type: schema.TypeString, ValidateFunc: validation.StringInSlice([]string{"z1", "z2"}, false)}},
			"ports":  {Type: schema.TypeSet, Optional: true, Elem: schema.TypeInt},
			"labels": {Type: schema.TypeMap, Optional: true, Elem: &schema.Schema{Type: schema.TypeInt}},
			"old":    {Type: schema.TypeString, Optional: true, Removed: "gone"},
			"custom": {
				Type:         schema.TypeString,
				Optional:     true,
				ValidateFunc: validateSomething,
			},
			"rule": {
				Type:     schema.TypeList,
				Required: true,
				MinItems: 1,
				Elem: &schema.Resource{
					Schema: map[string]*schema.Schema{
						"port":  {Type: schema.TypeInt, Required: true, ValidateFunc: IntBetween(1, 65535)},
						"cidr":  {Type: schema.TypeString, Optional: true, ExactlyOneOf: []string{"rule.0.cidr", "rule.0.group"}},
						"group": {Type: schema.TypeString, Optional: true},
					},
				},
			},
			"attr_objects": {
				Type:       schema.TypeList,
				Optional:   true,
				ConfigMode: schema.SchemaConfigModeAttr,
				Elem:       &schema.Resource{Schema: map[string]*schema.Schema{"a": {Type: schema.TypeString, Optional: true}}},
			},
			"gone_block": {
				Type:     schema.TypeList,
				Optional: true,
				Removed:  "use rule",
				Elem:     &schema.Resource{Schema: map[string]*schema.Schema{"a": {Type: schema.TypeString, Optional: true}}},
			},
			"status": {Type: schema.TypeString, Computed: true},
		},
	}
}

func validateSomething(v interface{}, k string) ([]string, []error) { return nil, nil }

func resourceBuilt() *schema.Resource {
	s := map[string]*schema.Schema{
		"a": {Type: schema.TypeString, Optional: true},
		"b": {Type: schema.TypeBool, Optional: true},
	}
	for k, v := range sharedTags {
		s[k] = v
	}
	s["c"] = &schema.Schema{Type: schema.TypeFloat, Required: true, Default: 1}
	delete(s, "b")
	r := &schema.Resource{Schema: s}
	r.Schema["a"].Computed = true
	return r
}

func resourceBranchy() *schema.Resource {
	r := &schema.Resource{Schema: map[string]*schema.Schema{"a": {Type: schema.TypeString, Optional: true}}}
	if sdk.Flag {
		r.Schema["b"] = &schema.Schema{Type: schema.TypeString, Optional: true}
	}
	return r
}

func dataSourceThings() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{
			"ids": {Type: schema.TypeList, Optional: true, Computed: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"things": {
				Type:     schema.TypeList,
				Computed: true,
				Elem: &schema.Resource{
					Schema: map[string]*schema.Schema{
						"id": {Type: schema.TypeString, Computed: true},
					},
				},
			},
		},
	}
}
