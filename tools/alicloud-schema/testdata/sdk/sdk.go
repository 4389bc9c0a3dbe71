// A made-up dependency module, read with -mod github.com/example/sdk=testdata/sdk.
package sdk

const DefaultMode = "auto"

var Flag = false
