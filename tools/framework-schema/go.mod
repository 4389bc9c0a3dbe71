module ack-hybrid/tools/framework-schema

go 1.19
