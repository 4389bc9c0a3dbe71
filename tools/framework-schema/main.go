// Command framework-schema reads the Go source of a Terraform provider built on
// terraform-plugin-framework (hashicorp/time, hashicorp/random) without building it, and writes
// the configuration schema of chosen resources in the format of schema/alicloud-provider/schema.json
// (tools/alicloud-schema/README.md, "Output format"), for validating Terraform/OpenTofu JSON offline.
//
// A framework resource declares its schema as one composite literal (`schema.Schema{Attributes:
// map[string]schema.Attribute{"x": schema.StringAttribute{Optional: true}}}`), returned by its
// `Schema` method directly or through a function of the same package without arguments. That is
// all this reads: go/parser, no interpreter. What it cannot carry is left out and reported on
// stderr, naming the resource and the attribute; it never guesses.
//
// See README.md next to this file for the recipe.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type attribute struct {
	Type          interface{} `json:"type"`
	Required      bool        `json:"required,omitempty"`
	Optional      bool        `json:"optional,omitempty"`
	Computed      bool        `json:"computed,omitempty"`
	Sensitive     bool        `json:"sensitive,omitempty"`
	ForceNew      bool        `json:"forceNew,omitempty"`
	Enum          []string    `json:"enum,omitempty"`
	IntRange      []int64     `json:"intRange,omitempty"`
	ConflictsWith []string    `json:"conflictsWith,omitempty"`
	AtLeastOneOf  []string    `json:"atLeastOneOf,omitempty"`
	Deprecated    string      `json:"deprecated,omitempty"`
	Default       interface{} `json:"default,omitempty"`
}

type block struct {
	Attributes map[string]*attribute  `json:"attributes"`
	Blocks     map[string]interface{} `json:"blocks"`
}

type output struct {
	Provider      map[string]string `json:"provider"`
	ProviderBlock block             `json:"providerBlock"`
	Resources     map[string]block  `json:"resources"`
	DataSources   map[string]block  `json:"dataSources"`
}

// maxSafeInteger is the largest integer a JSON reader in JavaScript keeps exact: the upper end of `AtLeast(n)`.
const maxSafeInteger = 1<<53 - 1

type extractor struct {
	fset    *token.FileSet
	files   []*ast.File
	funcs   map[string]*ast.FuncDecl // package-level functions by name
	methods map[string]map[string]*ast.FuncDecl
	warn    func(format string, args ...interface{})
}

func main() {
	src := flag.String("src", "", "the provider's checkout (the folder with go.mod)")
	pkg := flag.String("pkg", "internal/provider", "the package that defines the resources, relative to -src")
	source := flag.String("source", "", "the provider's registry source, such as hashicorp/time")
	tag := flag.String("tag", "", "the tag read, such as v0.14.0")
	commit := flag.String("commit", "", "the tag's commit (40 hex digits)")
	out := flag.String("o", "", "output file (default stdout)")
	flag.Parse()
	if *src == "" || *source == "" || !strings.HasPrefix(*tag, "v") || len(*commit) != 40 || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: framework-schema -src DIR -source NS/NAME -tag vX.Y.Z -commit SHA [-pkg DIR] [-o FILE] RESOURCE...")
		os.Exit(2)
	}
	// Collected and printed sorted at the end: Go's map order would shuffle them between runs.
	var warnings []string
	ex, err := load(filepath.Join(*src, *pkg), func(format string, args ...interface{}) {
		warnings = append(warnings, "warning: "+fmt.Sprintf(format, args...))
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	providerName := (*source)[strings.LastIndex(*source, "/")+1:]
	resources := map[string]block{}
	byName := ex.resourceTypes(providerName)
	for _, name := range flag.Args() {
		receiver, ok := byName[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "error: no resource %s in %s (found: %s)\n", name, *pkg, strings.Join(sortedKeys(byName), ", "))
			os.Exit(1)
		}
		b, err := ex.resource(name, receiver)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %s: %v\n", name, err)
			os.Exit(1)
		}
		resources[name] = b
	}
	doc := output{
		Provider:      map[string]string{"source": *source, "version": strings.TrimPrefix(*tag, "v"), "tag": *tag, "commit": *commit},
		ProviderBlock: block{Attributes: map[string]*attribute{}, Blocks: map[string]interface{}{}},
		Resources:     resources,
		DataSources:   map[string]block{},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sortedJSON(doc)); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	if *out == "" {
		os.Stdout.Write(buf.Bytes())
	} else if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	sort.Strings(warnings)
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, w)
	}
	fmt.Fprintf(os.Stderr, "summary: %d resources, %d warnings\n", len(resources), len(warnings))
}

func load(dir string, warn func(string, ...interface{})) (*extractor, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		return nil, err
	}
	ex := &extractor{fset: fset, funcs: map[string]*ast.FuncDecl{}, methods: map[string]map[string]*ast.FuncDecl{}, warn: warn}
	for _, p := range pkgs {
		names := make([]string, 0, len(p.Files))
		for name := range p.Files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			f := p.Files[name]
			ex.files = append(ex.files, f)
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if fn.Recv == nil {
					ex.funcs[fn.Name.Name] = fn
					continue
				}
				recv := receiverName(fn.Recv.List[0].Type)
				if ex.methods[recv] == nil {
					ex.methods[recv] = map[string]*ast.FuncDecl{}
				}
				ex.methods[recv][fn.Name.Name] = fn
			}
		}
	}
	return ex, nil
}

func receiverName(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// resourceTypes maps `<provider>_<suffix>` to the receiver whose Metadata method sets
// `resp.TypeName = req.ProviderTypeName + "_<suffix>"` and which has a Schema method.
func (ex *extractor) resourceTypes(provider string) map[string]string {
	found := map[string]string{}
	for recv, methods := range ex.methods {
		meta, schema := methods["Metadata"], methods["Schema"]
		if meta == nil || schema == nil || !takes(meta, "resource.MetadataRequest") {
			continue
		}
		ast.Inspect(meta.Body, func(n ast.Node) bool {
			assign, ok := n.(*ast.AssignStmt)
			if !ok || len(assign.Rhs) != 1 {
				return true
			}
			if sel, ok := assign.Lhs[0].(*ast.SelectorExpr); !ok || sel.Sel.Name != "TypeName" {
				return true
			}
			if bin, ok := assign.Rhs[0].(*ast.BinaryExpr); ok {
				if lit, ok := bin.Y.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					suffix, _ := strconv.Unquote(lit.Value)
					found[provider+suffix] = recv
				}
			}
			return true
		})
	}
	return found
}

// takes reports whether the method's second parameter has the given type (`resource.MetadataRequest`):
// data sources and ephemeral resources have Metadata methods too.
func takes(fn *ast.FuncDecl, typ string) bool {
	params := fn.Type.Params.List
	if len(params) < 2 {
		return false
	}
	sel, ok := params[1].Type.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name+"."+sel.Sel.Name == typ
}

func (ex *extractor) resource(name, recv string) (block, error) {
	lit, err := ex.schemaLiteral(ex.methods[recv]["Schema"])
	if err != nil {
		return block{}, err
	}
	b := ex.block(name, lit)
	if cv := ex.methods[recv]["ConfigValidators"]; cv != nil {
		ex.configValidators(name, cv, b)
	}
	return b, nil
}

// schemaLiteral finds `resp.Schema = schema.Schema{...}` or `resp.Schema = f()`, f returning the literal.
func (ex *extractor) schemaLiteral(method *ast.FuncDecl) (*ast.CompositeLit, error) {
	var rhs ast.Expr
	ast.Inspect(method.Body, func(n ast.Node) bool {
		if assign, ok := n.(*ast.AssignStmt); ok && len(assign.Rhs) == 1 {
			if sel, ok := assign.Lhs[0].(*ast.SelectorExpr); ok && sel.Sel.Name == "Schema" {
				rhs = assign.Rhs[0]
			}
		}
		return true
	})
	if call, ok := rhs.(*ast.CallExpr); ok && len(call.Args) == 0 {
		if id, ok := call.Fun.(*ast.Ident); ok && ex.funcs[id.Name] != nil {
			body := ex.funcs[id.Name].Body.List
			if len(body) == 1 {
				if ret, ok := body[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
					rhs = ret.Results[0]
				}
			}
		}
	}
	lit, ok := rhs.(*ast.CompositeLit)
	if !ok || typeName(lit.Type) != "schema.Schema" {
		return nil, fmt.Errorf("the Schema method does not assign a schema.Schema literal (directly or through a function without arguments)")
	}
	return lit, nil
}

func (ex *extractor) block(where string, lit *ast.CompositeLit) block {
	b := block{Attributes: map[string]*attribute{}, Blocks: map[string]interface{}{}}
	for key, value := range fields(lit) {
		switch key {
		case "Attributes":
			for name, expr := range mapEntries(value) {
				if a := ex.attribute(where+"."+name, expr); a != nil {
					b.Attributes[name] = a
				}
			}
		case "Blocks":
			for name := range mapEntries(value) {
				ex.warn("%s.%s: a nested block, which this extractor does not read: left out", where, name)
			}
		case "Description", "MarkdownDescription", "Version":
		case "DeprecationMessage":
			ex.warn("%s: the resource is deprecated: %s", where, stringValue(value))
		default:
			ex.warn("%s: schema field %s not read", where, key)
		}
	}
	return b
}

var scalarTypes = map[string]string{
	"schema.StringAttribute": "string", "schema.BoolAttribute": "bool", "schema.Int64Attribute": "number",
	"schema.Int32Attribute": "number", "schema.Float64Attribute": "number", "schema.Float32Attribute": "number",
	"schema.NumberAttribute": "number",
}

var collectionKinds = map[string]string{"schema.MapAttribute": "map", "schema.ListAttribute": "list", "schema.SetAttribute": "set"}

var elementTypes = map[string]string{
	"types.StringType": "string", "types.BoolType": "bool", "types.Int64Type": "number", "types.Int32Type": "number",
	"types.Float64Type": "number", "types.Float32Type": "number", "types.NumberType": "number",
}

func (ex *extractor) attribute(where string, expr ast.Expr) *attribute {
	lit, ok := expr.(*ast.CompositeLit)
	if !ok {
		ex.warn("%s: not a composite literal: left out", where)
		return nil
	}
	kind := typeName(lit.Type)
	a := &attribute{}
	f := fields(lit)
	if t, ok := scalarTypes[kind]; ok {
		a.Type = t
	} else if k, ok := collectionKinds[kind]; ok {
		element, ok := elementTypes[exprString(f["ElementType"])]
		if !ok {
			ex.warn("%s: element type %s not read: left out", where, exprString(f["ElementType"]))
			return nil
		}
		a.Type = []string{k, element}
	} else {
		ex.warn("%s: attribute kind %s not read (nested attributes are not): left out", where, kind)
		return nil
	}
	for key, value := range f {
		switch key {
		case "Required":
			a.Required = isTrue(value)
		case "Optional":
			a.Optional = isTrue(value)
		case "Computed":
			a.Computed = isTrue(value)
		case "Sensitive":
			a.Sensitive = isTrue(value)
		case "DeprecationMessage":
			a.Deprecated = stringValue(value)
		case "Default":
			a.Default = ex.defaultValue(where, value)
		case "PlanModifiers":
			for _, m := range elements(value) {
				if strings.Contains(exprString(callee(m)), "RequiresReplace") {
					a.ForceNew = true
				}
			}
		case "Validators":
			for _, v := range elements(value) {
				ex.validator(where, a, v)
			}
		case "ElementType", "Description", "MarkdownDescription", "CustomType":
		case "WriteOnly":
			ex.warn("%s: write-only, which the format cannot say: left out of the flags", where)
		default:
			ex.warn("%s: field %s not read", where, key)
		}
	}
	return a
}

func (ex *extractor) validator(where string, a *attribute, v ast.Expr) {
	call, ok := v.(*ast.CallExpr)
	if !ok {
		ex.warn("%s: validator %s not read: left out", where, exprString(v))
		return
	}
	switch name := exprString(call.Fun); name {
	case "stringvalidator.OneOf":
		for _, arg := range call.Args {
			if s, ok := stringLiteral(arg); ok {
				a.Enum = append(a.Enum, s)
			} else {
				ex.warn("%s: %s with a value that is not a literal: enum left out", where, name)
				a.Enum = nil
				return
			}
		}
	case "int64validator.Between":
		lo, ok1 := intLiteral(call.Args[0])
		hi, ok2 := intLiteral(call.Args[1])
		if ok1 && ok2 {
			a.IntRange = []int64{lo, hi}
		} else {
			ex.warn("%s: %s with values that are not literals: left out", where, name)
		}
	case "int64validator.AtLeast":
		if lo, ok := intLiteral(call.Args[0]); ok {
			a.IntRange = []int64{lo, maxSafeInteger}
		} else {
			ex.warn("%s: %s with a value that is not a literal: left out", where, name)
		}
	default:
		ex.warn("%s: validator %s, which the format cannot carry: left out", where, name)
	}
}

func (ex *extractor) defaultValue(where string, value ast.Expr) interface{} {
	call, ok := value.(*ast.CallExpr)
	if ok && len(call.Args) == 1 {
		switch exprString(call.Fun) {
		case "booldefault.StaticBool":
			if id, ok := call.Args[0].(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
				return id.Name == "true"
			}
		case "int64default.StaticInt64":
			if n, ok := intLiteral(call.Args[0]); ok {
				return n
			}
		case "stringdefault.StaticString":
			if s, ok := stringLiteral(call.Args[0]); ok {
				return s
			}
		}
	}
	ex.warn("%s: default %s not read: left out", where, exprString(value))
	return nil
}

// configValidators reads `resourcevalidator.AtLeastOneOf(path.MatchRoot("a"), ...)` into each named
// attribute's atLeastOneOf; any other config validator is reported.
func (ex *extractor) configValidators(where string, method *ast.FuncDecl, b block) {
	ast.Inspect(method.Body, func(n ast.Node) bool {
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return true
		}
		for _, v := range elements(ret.Results[0]) {
			call, ok := v.(*ast.CallExpr)
			if !ok || exprString(call.Fun) != "resourcevalidator.AtLeastOneOf" {
				ex.warn("%s: config validator %s, which the format cannot carry: left out", where, exprString(callee(v)))
				continue
			}
			var names []string
			for _, arg := range call.Args {
				c, ok := arg.(*ast.CallExpr)
				if !ok || exprString(c.Fun) != "path.MatchRoot" || len(c.Args) != 1 {
					ex.warn("%s: AtLeastOneOf with a path other than path.MatchRoot: left out", where)
					return false
				}
				s, _ := stringLiteral(c.Args[0])
				names = append(names, s)
			}
			sort.Strings(names)
			for _, name := range names {
				if a := b.Attributes[name]; a != nil {
					a.AtLeastOneOf = names
				}
			}
		}
		return false
	})
}

// --- small AST helpers -------------------------------------------------------------------------

func fields(lit *ast.CompositeLit) map[string]ast.Expr {
	m := map[string]ast.Expr{}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				m[id.Name] = kv.Value
			}
		}
	}
	return m
}

func mapEntries(expr ast.Expr) map[string]ast.Expr {
	m := map[string]ast.Expr{}
	lit, ok := expr.(*ast.CompositeLit)
	if !ok {
		return m
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if s, ok := stringLiteral(kv.Key); ok {
				m[s] = kv.Value
			}
		}
	}
	return m
}

func elements(expr ast.Expr) []ast.Expr {
	if lit, ok := expr.(*ast.CompositeLit); ok {
		return lit.Elts
	}
	return nil
}

func callee(expr ast.Expr) ast.Expr {
	if call, ok := expr.(*ast.CallExpr); ok {
		return call.Fun
	}
	return expr
}

func typeName(expr ast.Expr) string { return exprString(expr) }

func exprString(expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.CompositeLit:
		return exprString(e.Type) + "{}"
	case *ast.CallExpr:
		return exprString(e.Fun) + "()"
	case nil:
		return "<none>"
	}
	return fmt.Sprintf("%T", expr)
}

func isTrue(expr ast.Expr) bool {
	id, ok := expr.(*ast.Ident)
	return ok && id.Name == "true"
}

func stringLiteral(expr ast.Expr) (string, bool) {
	lit, ok := expr.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// stringValue joins a literal or a `+` chain of literals (deprecation messages are often split).
func stringValue(expr ast.Expr) string {
	if bin, ok := expr.(*ast.BinaryExpr); ok && bin.Op == token.ADD {
		return stringValue(bin.X) + stringValue(bin.Y)
	}
	s, _ := stringLiteral(expr)
	return s
}

func intLiteral(expr ast.Expr) (int64, bool) {
	neg := false
	if u, ok := expr.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, expr = true, u.X
	}
	lit, ok := expr.(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return 0, false
	}
	n, err := strconv.ParseInt(lit.Value, 0, 64)
	if neg {
		n = -n
	}
	return n, err == nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortedJSON round-trips through a generic value: encoding/json sorts map keys, so the bytes are stable.
func sortedJSON(v interface{}) interface{} {
	raw, _ := json.Marshal(v)
	var generic interface{}
	_ = json.Unmarshal(raw, &generic)
	return generic
}
