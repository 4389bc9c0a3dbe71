module github.com/aliyun/terraform-provider-alicloud

go 1.19

require (
	github.com/example/sdk v1.0.0
	github.com/hashicorp/terraform-plugin-sdk v1.17.2
)
