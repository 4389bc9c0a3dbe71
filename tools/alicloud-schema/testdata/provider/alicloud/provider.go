// A made-up provider in the shape of terraform-provider-alicloud, for the extractor's tests.
package alicloud

import (
	"github.com/hashicorp/terraform-plugin-sdk/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/helper/validation"
	"github.com/hashicorp/terraform-plugin-sdk/terraform"
)

func Provider() terraform.ResourceProvider {
	provider := &schema.Provider{
		Schema: map[string]*schema.Schema{
			"region": {
				Type:     schema.TypeString,
				Optional: true,
			},
			"assume_role": assumeRoleSchema(),
		},
		DataSourcesMap: map[string]*schema.Resource{
			"alicloud_things": dataSourceThings(),
		},
		ResourcesMap: map[string]*schema.Resource{
			"alicloud_thing":       resourceThing(),
			"alicloud_thing_alias": resourceThing(),
			"alicloud_built":       resourceBuilt(),
			"alicloud_branchy":     resourceBranchy(),
		},
	}
	provider.ConfigureFunc = nil
	return provider
}

func assumeRoleSchema() *schema.Schema {
	return &schema.Schema{
		Type:     schema.TypeSet,
		Optional: true,
		MaxItems: 1,
		Elem: &schema.Resource{
			Schema: map[string]*schema.Schema{
				"role_arn": {
					Type:        schema.TypeString,
					Required:    true,
					DefaultFunc: schema.EnvDefaultFunc("ROLE_ARN", nil),
				},
				"session_name": {
					Type:        schema.TypeString,
					Required:    true,
					DefaultFunc: schema.MultiEnvDefaultFunc([]string{"A", "B"}, ""),
				},
			},
		},
	}
}

func validation_unused() {}

var _ = validation.IntBetween
