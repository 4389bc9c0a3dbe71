module ack-hybrid/tools/alicloud-schema

go 1.19
