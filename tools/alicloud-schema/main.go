// Command alicloud-schema reads the Go source of the aliyun/alicloud Terraform provider
// (github.com/aliyun/terraform-provider-alicloud, terraform-plugin-sdk v1) without building it,
// and writes the configuration schema of the provider block, of chosen resources and of chosen
// data sources as JSON, for validating Terraform/OpenTofu JSON offline.
//
// It uses only Go's standard library: go/parser reads the package, and a small interpreter
// follows what a schema function does in straight-line code (literals, helper functions, package
// constants and variables, local variables, map and field assignments). It never guesses: what it
// cannot resolve is left out and reported on stderr, naming the resource and the argument.
//
// See README.md next to this file for the recipe and the output format.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const (
	schemaSuffix     = "/helper/schema"
	validationSuffix = "/helper/validation"
	maxDepth         = 60
)

// ---------------------------------------------------------------------------------------------
// Package loading

type fileInfo struct {
	pkg     *pkgInfo
	name    string            // path relative to the provider's root
	imports map[string]string // local name -> import path
}

type funcDecl struct {
	decl *ast.FuncDecl
	file *fileInfo
}

type constDecl struct {
	expr ast.Expr // nil when the spec has no value and none to repeat
	typ  ast.Expr
	iota int64
	file *fileInfo
}

type varDecl struct {
	expr ast.Expr
	file *fileInfo
}

type pkgInfo struct {
	path   string
	dir    string
	funcs  map[string]*funcDecl
	consts map[string]*constDecl
	vars   map[string]*varDecl
	types  map[string]bool
}

type loader struct {
	root     string            // provider checkout
	module   string            // module path from go.mod
	mods     map[string]string // module path -> folder, the provider's own and those given with -mod
	requires map[string]string // module path -> version, from the provider's go.mod
	fset     *token.FileSet
	pkgs     map[string]*pkgInfo
	loadErr  map[string]error
}

func (l *loader) load(importPath string) (*pkgInfo, error) {
	if p, ok := l.pkgs[importPath]; ok {
		return p, nil
	}
	if err, ok := l.loadErr[importPath]; ok {
		return nil, err
	}
	p, err := l.parseDir(importPath)
	if err != nil {
		l.loadErr[importPath] = err
		return nil, err
	}
	l.pkgs[importPath] = p
	return p, nil
}

// modFor gives the module (of those known) an import path belongs to, the longest match.
func (l *loader) modFor(importPath string) (string, bool) {
	best := ""
	for m := range l.mods {
		if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(best) {
			best = m
		}
	}
	return best, best != ""
}

// inRepo tells whether an import path is a package the extractor can parse: one of the
// provider's own module, or of a module given with -mod.
func (l *loader) inRepo(importPath string) bool {
	_, ok := l.modFor(importPath)
	return ok
}

// requiredModule gives the module of go.mod's require list an import path belongs to.
func (l *loader) requiredModule(importPath string) (string, string) {
	best := ""
	for m := range l.requires {
		if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(best) {
			best = m
		}
	}
	return best, l.requires[best]
}

func (l *loader) parseDir(importPath string) (*pkgInfo, error) {
	mod, ok := l.modFor(importPath)
	if !ok {
		return nil, fmt.Errorf("package %s is not part of %s nor of a module given with -mod", importPath, l.module)
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(importPath, mod), "/")
	dir := filepath.Join(l.mods[mod], filepath.FromSlash(rel))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &pkgInfo{path: importPath, dir: dir, funcs: map[string]*funcDecl{}, consts: map[string]*constDecl{},
		vars: map[string]*varDecl{}, types: map[string]bool{}}
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		full := filepath.Join(dir, name)
		f, err := parser.ParseFile(l.fset, full, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		relName, err := filepath.Rel(l.root, full)
		if err != nil || strings.HasPrefix(relName, "..") {
			relName = importPath + "/" + name
		}
		fi := &fileInfo{pkg: p, name: filepath.ToSlash(relName), imports: map[string]string{}}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			local := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				local = imp.Name.Name
			}
			fi.imports[local] = path
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					p.funcs[d.Name.Name] = &funcDecl{decl: d, file: fi}
				}
			case *ast.GenDecl:
				switch d.Tok {
				case token.CONST:
					var lastExpr, lastType ast.Expr
					for i, s := range d.Specs {
						vs := s.(*ast.ValueSpec)
						if len(vs.Values) > 0 {
							lastExpr, lastType = nil, vs.Type
						}
						for j, n := range vs.Names {
							var e ast.Expr
							if len(vs.Values) > j {
								e = vs.Values[j]
								if j == 0 {
									lastExpr = e
								}
							} else if len(vs.Values) == 0 && len(vs.Names) == 1 {
								e = lastExpr
							}
							p.consts[n.Name] = &constDecl{expr: e, typ: lastType, iota: int64(i), file: fi}
						}
					}
				case token.VAR:
					for _, s := range d.Specs {
						vs := s.(*ast.ValueSpec)
						for j, n := range vs.Names {
							var e ast.Expr
							if len(vs.Values) == len(vs.Names) {
								e = vs.Values[j]
							}
							p.vars[n.Name] = &varDecl{expr: e, file: fi}
						}
					}
				case token.TYPE:
					for _, s := range d.Specs {
						p.types[s.(*ast.TypeSpec).Name.Name] = true
					}
				}
			}
		}
	}
	return p, nil
}

// ---------------------------------------------------------------------------------------------
// Values

type value interface{}

// unresolved is a value the interpreter could not work out; why says what and where.
type unresolved struct{ why string }

// structVal is a schema.Schema, schema.Resource, schema.Provider or schema.ResourceTimeout.
type structVal struct {
	typ    string // "Schema", "Resource", "Provider", "ResourceTimeout"
	fields map[string]*thunk
	pos    string
}

// mapVal is a Go map with constant string keys (a schema map, or map[string]*schema.Resource).
type mapVal struct {
	entries map[string]*thunk
	bad     []string // entries whose key could not be resolved
}

type sliceVal []value

// valueType is schema.TypeString and friends.
type valueType string

// configMode is schema.SchemaConfigModeAuto/Attr/Block.
type configMode string

type pkgRef struct{ path string }

// funcRef is a function used as a value (a validate function passed by name, say).
type funcRef struct {
	pkgPath string
	name    string
	local   *funcDecl // set for functions of a parsed package
	unknown bool      // a name of a package the extractor did not parse (a module not given with -mod)
}

// validator is what a ValidateFunc expression means for the output.
type validator struct {
	enum     []string
	hasEnum  bool
	intRange *[2]int64
	opaque   []string // known checks the output format cannot carry, as source text
	unknown  []string // checks the extractor does not understand or cannot resolve
}

type regexpVal struct{ src string }

// envDefault is schema.EnvDefaultFunc or schema.MultiEnvDefaultFunc: an environment variable, or
// else the default dv.
type envDefault struct{ dv value }

type nilVal struct{}

// thunk is a lazily evaluated expression; field values of schema literals are only worked out
// when the output needs them.
type thunk struct {
	expr ast.Expr
	sc   *scope
	typ  ast.Expr // the type an untyped composite literal takes (map and slice elements)
	done bool
	v    value
}

func done(v value) *thunk { return &thunk{done: true, v: v} }

type scope struct {
	file   *fileInfo
	vars   map[string]value
	parent *scope
	fn     string
}

func (s *scope) lookup(name string) (value, *scope, bool) {
	for c := s; c != nil; c = c.parent {
		if v, ok := c.vars[name]; ok {
			return v, c, true
		}
	}
	return nil, nil, false
}

// ---------------------------------------------------------------------------------------------
// Interpreter

type interp struct {
	l     *loader
	depth int
	notes []string // things left out while evaluating the current top-level item
}

func (in *interp) note(format string, args ...interface{}) {
	in.notes = append(in.notes, fmt.Sprintf(format, args...))
}

func (in *interp) pos(n ast.Node) string {
	p := in.l.fset.Position(n.Pos())
	rel, err := filepath.Rel(in.l.root, p.Filename)
	if err != nil {
		rel = p.Filename
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)
}

func (in *interp) src(n ast.Node) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, in.l.fset, n)
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

func (in *interp) force(t *thunk) value {
	if t == nil {
		return nil
	}
	if !t.done {
		t.v = in.evalTyped(t.expr, t.sc, t.typ)
		t.done = true
	}
	return t.v
}

// sdkKind names what a type expression is: "Schema", "Resource", "Provider", "ResourceTimeout",
// "map", "slice", or "" for anything else.
func (in *interp) sdkKind(t ast.Expr, f *fileInfo) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return in.sdkKind(t.X, f)
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && strings.HasSuffix(f.imports[x.Name], schemaSuffix) {
			return t.Sel.Name
		}
	case *ast.MapType:
		return "map"
	case *ast.ArrayType:
		return "slice"
	case *ast.Ident:
		return "named:" + t.Name
	}
	return ""
}

func (in *interp) eval(e ast.Expr, sc *scope) value { return in.evalTyped(e, sc, nil) }

func (in *interp) evalTyped(e ast.Expr, sc *scope, typ ast.Expr) value {
	in.depth++
	defer func() { in.depth-- }()
	if in.depth > maxDepth {
		return unresolved{"evaluation too deep at " + in.pos(e)}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return in.evalTyped(e.X, sc, typ)
	case *ast.BasicLit:
		return basicLit(e)
	case *ast.Ident:
		return in.ident(e, sc)
	case *ast.SelectorExpr:
		return in.selector(e, sc)
	case *ast.CompositeLit:
		t := e.Type
		if t == nil {
			t = typ
		}
		return in.composite(e, t, sc)
	case *ast.UnaryExpr:
		x := in.evalTyped(e.X, sc, typ)
		switch e.Op {
		case token.AND:
			return x
		case token.SUB:
			switch v := x.(type) {
			case int64:
				return -v
			case float64:
				return -v
			}
		case token.NOT:
			if b, ok := x.(bool); ok {
				return !b
			}
		}
		if u, ok := x.(unresolved); ok {
			return u
		}
		return unresolved{fmt.Sprintf("%q at %s", in.src(e), in.pos(e))}
	case *ast.BinaryExpr:
		return in.binary(e, sc)
	case *ast.CallExpr:
		return in.call(e, sc)
	case *ast.IndexExpr:
		x := in.eval(e.X, sc)
		k := in.eval(e.Index, sc)
		if m, ok := x.(*mapVal); ok {
			if ks, ok := k.(string); ok {
				if t, ok := m.entries[ks]; ok {
					return in.force(t)
				}
				return unresolved{fmt.Sprintf("no key %q in map at %s", ks, in.pos(e))}
			}
		}
		if s, ok := x.(sliceVal); ok {
			if i, ok := k.(int64); ok && i >= 0 && int(i) < len(s) {
				return s[i]
			}
		}
		return unresolved{fmt.Sprintf("%q at %s", in.src(e), in.pos(e))}
	case *ast.FuncLit:
		return funcRef{name: "func literal at " + in.pos(e)}
	case *ast.StarExpr:
		return in.eval(e.X, sc)
	}
	return unresolved{fmt.Sprintf("%q at %s", in.src(e), in.pos(e))}
}

func basicLit(e *ast.BasicLit) value {
	switch e.Kind {
	case token.STRING, token.CHAR:
		s, err := strconv.Unquote(e.Value)
		if err != nil {
			return unresolved{"bad literal " + e.Value}
		}
		if e.Kind == token.CHAR {
			r := []rune(s)
			return int64(r[0])
		}
		return s
	case token.INT:
		i, err := strconv.ParseInt(strings.ReplaceAll(e.Value, "_", ""), 0, 64)
		if err != nil {
			return unresolved{"bad literal " + e.Value}
		}
		return i
	case token.FLOAT:
		f, err := strconv.ParseFloat(strings.ReplaceAll(e.Value, "_", ""), 64)
		if err != nil {
			return unresolved{"bad literal " + e.Value}
		}
		return f
	}
	return unresolved{"literal " + e.Value}
}

func (in *interp) ident(e *ast.Ident, sc *scope) value {
	if v, _, ok := sc.lookup(e.Name); ok {
		return v
	}
	switch e.Name {
	case "true":
		return true
	case "false":
		return false
	case "nil":
		return nilVal{}
	}
	return in.pkgMember(sc.file.pkg, e.Name, e)
}

// pkgMember resolves a package-level name: constant, variable or function.
func (in *interp) pkgMember(p *pkgInfo, name string, at ast.Node) value {
	if c, ok := p.consts[name]; ok {
		if c.expr == nil {
			return unresolved{fmt.Sprintf("constant %s has no value the extractor can follow", name)}
		}
		csc := &scope{file: c.file, vars: map[string]value{"iota": c.iota}}
		return in.eval(c.expr, csc)
	}
	if v, ok := p.vars[name]; ok {
		if v.expr == nil {
			return unresolved{fmt.Sprintf("variable %s has no initial value", name)}
		}
		return in.eval(v.expr, &scope{file: v.file, vars: map[string]value{}})
	}
	if f, ok := p.funcs[name]; ok {
		return funcRef{pkgPath: p.path, name: name, local: f}
	}
	if p.types[name] {
		return funcRef{pkgPath: p.path, name: name} // a conversion, handled in call
	}
	return unresolved{fmt.Sprintf("name %s at %s", name, in.pos(at))}
}

func (in *interp) selector(e *ast.SelectorExpr, sc *scope) value {
	if x, ok := e.X.(*ast.Ident); ok {
		if _, _, local := sc.lookup(x.Name); !local {
			if path, ok := sc.file.imports[x.Name]; ok {
				switch {
				case strings.HasSuffix(path, schemaSuffix):
					if strings.HasPrefix(e.Sel.Name, "Type") {
						return valueType(e.Sel.Name)
					}
					if strings.HasPrefix(e.Sel.Name, "SchemaConfigMode") {
						return configMode(strings.TrimPrefix(e.Sel.Name, "SchemaConfigMode"))
					}
					return funcRef{pkgPath: path, name: e.Sel.Name}
				case in.l.inRepo(path):
					p, err := in.l.load(path)
					if err != nil {
						return unresolved{fmt.Sprintf("package %s: %v", path, err)}
					}
					return in.pkgMember(p, e.Sel.Name, e)
				default:
					return funcRef{pkgPath: path, name: e.Sel.Name, unknown: true}
				}
			}
		}
	}
	x := in.eval(e.X, sc)
	if s, ok := x.(*structVal); ok {
		if t, ok := s.fields[e.Sel.Name]; ok {
			return in.force(t)
		}
		return nilVal{}
	}
	if u, ok := x.(unresolved); ok {
		return u
	}
	return unresolved{fmt.Sprintf("%q at %s", in.src(e), in.pos(e))}
}

func (in *interp) composite(e *ast.CompositeLit, t ast.Expr, sc *scope) value {
	if t == nil {
		return unresolved{"untyped composite literal at " + in.pos(e)}
	}
	kind := in.sdkKind(t, sc.file)
	switch kind {
	case "Schema", "Resource", "Provider", "ResourceTimeout":
		s := &structVal{typ: kind, fields: map[string]*thunk{}, pos: in.pos(e)}
		for _, el := range e.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return unresolved{"positional struct literal at " + in.pos(e)}
			}
			k, ok := kv.Key.(*ast.Ident)
			if !ok {
				return unresolved{"struct literal key at " + in.pos(kv)}
			}
			s.fields[k.Name] = &thunk{expr: kv.Value, sc: sc}
		}
		return s
	case "map":
		mt := unstar(t).(*ast.MapType)
		m := &mapVal{entries: map[string]*thunk{}}
		for _, el := range e.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return unresolved{"map literal without keys at " + in.pos(e)}
			}
			kval := in.eval(kv.Key, sc)
			ks, ok := kval.(string)
			if !ok {
				m.bad = append(m.bad, fmt.Sprintf("key %q at %s", in.src(kv.Key), in.pos(kv)))
				continue
			}
			m.entries[ks] = &thunk{expr: kv.Value, sc: sc, typ: mt.Value}
		}
		return m
	case "slice":
		at := unstar(t).(*ast.ArrayType)
		var s sliceVal
		for _, el := range e.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return unresolved{"indexed slice literal at " + in.pos(e)}
			}
			s = append(s, in.evalTyped(el, sc, at.Elt))
		}
		return s
	}
	return unresolved{fmt.Sprintf("composite literal of type %q at %s", in.src(t), in.pos(e))}
}

func unstar(t ast.Expr) ast.Expr {
	if s, ok := t.(*ast.StarExpr); ok {
		return unstar(s.X)
	}
	return t
}

func (in *interp) binary(e *ast.BinaryExpr, sc *scope) value {
	x, y := in.eval(e.X, sc), in.eval(e.Y, sc)
	if u, ok := x.(unresolved); ok {
		return u
	}
	if u, ok := y.(unresolved); ok {
		return u
	}
	switch a := x.(type) {
	case string:
		if b, ok := y.(string); ok {
			switch e.Op {
			case token.ADD:
				return a + b
			case token.EQL:
				return a == b
			case token.NEQ:
				return a != b
			}
		}
	case int64:
		if b, ok := y.(int64); ok {
			switch e.Op {
			case token.ADD:
				return a + b
			case token.SUB:
				return a - b
			case token.MUL:
				return a * b
			case token.QUO:
				if b != 0 {
					return a / b
				}
			case token.REM:
				if b != 0 {
					return a % b
				}
			case token.SHL:
				return a << uint64(b)
			case token.SHR:
				return a >> uint64(b)
			case token.OR:
				return a | b
			case token.AND:
				return a & b
			case token.EQL:
				return a == b
			case token.NEQ:
				return a != b
			case token.LSS:
				return a < b
			case token.GTR:
				return a > b
			}
		}
		if b, ok := y.(float64); ok {
			return in.binaryFloat(e, float64(a), b)
		}
	case float64:
		switch b := y.(type) {
		case float64:
			return in.binaryFloat(e, a, b)
		case int64:
			return in.binaryFloat(e, a, float64(b))
		}
	case bool:
		if b, ok := y.(bool); ok {
			switch e.Op {
			case token.LAND:
				return a && b
			case token.LOR:
				return a || b
			}
		}
	}
	return unresolved{fmt.Sprintf("%q at %s", in.src(e), in.pos(e))}
}

func (in *interp) binaryFloat(e *ast.BinaryExpr, a, b float64) value {
	switch e.Op {
	case token.ADD:
		return a + b
	case token.SUB:
		return a - b
	case token.MUL:
		return a * b
	case token.QUO:
		return a / b
	}
	return unresolved{fmt.Sprintf("%q at %s", in.src(e), in.pos(e))}
}

// Validate functions the output format can carry, and those it knows but cannot carry.
var knownOpaqueValidators = map[string]bool{
	"StringLenBetween": true, "StringMatch": true, "IntAtLeast": true, "IntAtMost": true, "IntInSlice": true,
	"StringIsJSON": true, "StringIsValidRegExp": true, "StringIsNotEmpty": true, "NoZeroValues": true,
	"SingleIP": true, "ValidateRFC3339TimeString": true, "StringLenAtLeast": true, "FloatAtLeast": true,
	"FloatBetween": true, "StringDoesNotMatch": true, "ValidateRegexp": true, "StringDoesNotContainAny": true,
	"ValidateNullableIntBetween": true, "ValidateNullableBool": true, "IsCIDR": true, "IsCIDRNetwork": true,
	"IPRange": true, "CIDRNetwork": true, "ValidateJsonString": true, "StringIsBase64": true,
	"IsIPAddress": true, "IsIPv4Address": true, "IsIPv6Address": true, "ValidateListUniqueStrings": true,
	"StringIsNotWhiteSpace": true, "FloatAtMost": true, "IntDivisibleBy": true, "IntInRange": true,
}

func (in *interp) call(e *ast.CallExpr, sc *scope) value {
	// Builtins and conversions first.
	if id, ok := e.Fun.(*ast.Ident); ok {
		if _, _, local := sc.lookup(id.Name); !local {
			switch id.Name {
			case "string", "int", "int64", "int32", "float64", "bool", "uint", "uint64":
				if len(e.Args) == 1 {
					v := in.eval(e.Args[0], sc)
					switch id.Name {
					case "float64":
						if i, ok := v.(int64); ok {
							return float64(i)
						}
					case "int", "int64", "int32", "uint", "uint64":
						if f, ok := v.(float64); ok && f == math.Trunc(f) {
							return int64(f)
						}
					}
					return v
				}
			case "append":
				return in.appendCall(e, sc)
			case "len":
				if len(e.Args) == 1 {
					switch v := in.eval(e.Args[0], sc).(type) {
					case string:
						return int64(len(v))
					case sliceVal:
						return int64(len(v))
					}
				}
			}
		}
	}
	if t, ok := e.Fun.(*ast.ArrayType); ok && len(e.Args) == 1 { // []byte(x) and the like
		_ = t
		return in.eval(e.Args[0], sc)
	}
	fv := in.eval(e.Fun, sc)
	fr, ok := fv.(funcRef)
	if !ok {
		if u, ok := fv.(unresolved); ok {
			return u
		}
		return unresolved{fmt.Sprintf("call %q at %s", in.src(e), in.pos(e))}
	}
	// A conversion to a named type of a parsed package.
	if fr.local == nil && fr.pkgPath != "" && in.l.inRepo(fr.pkgPath) && len(e.Args) == 1 {
		if p, err := in.l.load(fr.pkgPath); err == nil && p.types[fr.name] {
			return in.eval(e.Args[0], sc)
		}
	}
	// Validate functions, by name, whether from helper/validation or the provider's own copies.
	isValidation := strings.HasSuffix(fr.pkgPath, validationSuffix) || (fr.local != nil && fr.pkgPath == in.l.module+"/alicloud")
	if isValidation {
		if v, ok := in.validatorCall(fr.name, e, sc); ok {
			return v
		}
	}
	switch {
	case strings.HasSuffix(fr.pkgPath, schemaSuffix) && (fr.name == "EnvDefaultFunc" || fr.name == "MultiEnvDefaultFunc") && len(e.Args) == 2:
		return envDefault{dv: in.eval(e.Args[1], sc)}
	case fr.pkgPath == "fmt" && (fr.name == "Sprintf" || fr.name == "Sprint"):
		args := make([]interface{}, 0, len(e.Args))
		for _, a := range e.Args {
			v := in.eval(a, sc)
			switch v.(type) {
			case string, int64, float64, bool:
				args = append(args, v)
			default:
				return unresolved{fmt.Sprintf("call %q at %s", in.src(e), in.pos(e))}
			}
		}
		if fr.name == "Sprint" {
			return fmt.Sprint(args...)
		}
		if f, ok := args[0].(string); ok {
			return fmt.Sprintf(f, args[1:]...)
		}
	case fr.pkgPath == "strings" && fr.name == "Join" && len(e.Args) == 2:
		if ss, ok := in.stringSlice(in.eval(e.Args[0], sc)); ok {
			if sep, ok := in.eval(e.Args[1], sc).(string); ok {
				return strings.Join(ss, sep)
			}
		}
	case fr.pkgPath == "strings" && (fr.name == "ToLower" || fr.name == "ToUpper") && len(e.Args) == 1:
		if s, ok := in.eval(e.Args[0], sc).(string); ok {
			if fr.name == "ToLower" {
				return strings.ToLower(s)
			}
			return strings.ToUpper(s)
		}
	case fr.pkgPath == "strings" && fr.name == "Fields" && len(e.Args) == 1:
		if str, ok := in.eval(e.Args[0], sc).(string); ok {
			return stringsToSlice(strings.Fields(str))
		}
	case fr.pkgPath == "strings" && fr.name == "Split" && len(e.Args) == 2:
		str, ok1 := in.eval(e.Args[0], sc).(string)
		sep, ok2 := in.eval(e.Args[1], sc).(string)
		if ok1 && ok2 {
			return stringsToSlice(strings.Split(str, sep))
		}
	case fr.pkgPath == "strconv" && fr.name == "Itoa" && len(e.Args) == 1:
		if i, ok := in.eval(e.Args[0], sc).(int64); ok {
			return strconv.FormatInt(i, 10)
		}
	case fr.pkgPath == "regexp" && (fr.name == "MustCompile" || fr.name == "MustCompilePOSIX") && len(e.Args) == 1:
		if s, ok := in.eval(e.Args[0], sc).(string); ok {
			return regexpVal{src: s}
		}
		return regexpVal{src: in.src(e.Args[0])}
	case fr.local != nil:
		return in.callFunc(fr.local, e, sc)
	}
	if isValidation || knownOpaqueValidators[fr.name] {
		return &validator{opaque: []string{in.src(e)}}
	}
	if fr.unknown {
		return unresolved{fmt.Sprintf("call %q at %s (%s)", in.src(e), in.pos(e), describe(fr))}
	}
	return unresolved{fmt.Sprintf("call %q at %s", in.src(e), in.pos(e))}
}

func (in *interp) appendCall(e *ast.CallExpr, sc *scope) value {
	if len(e.Args) == 0 {
		return unresolved{"append() at " + in.pos(e)}
	}
	base := in.eval(e.Args[0], sc)
	var out sliceVal
	switch b := base.(type) {
	case sliceVal:
		out = append(out, b...)
	case nilVal:
	default:
		return unresolved{fmt.Sprintf("call %q at %s", in.src(e), in.pos(e))}
	}
	for i, a := range e.Args[1:] {
		v := in.eval(a, sc)
		if e.Ellipsis.IsValid() && i == len(e.Args)-2 {
			s, ok := v.(sliceVal)
			if !ok {
				return unresolved{fmt.Sprintf("call %q at %s", in.src(e), in.pos(e))}
			}
			out = append(out, s...)
			continue
		}
		out = append(out, v)
	}
	return out
}

func stringsToSlice(ss []string) sliceVal {
	out := make(sliceVal, len(ss))
	for i, x := range ss {
		out[i] = x
	}
	return out
}

// firstUnresolved says why a slice is not a list of constants.
func firstUnresolved(v value) string {
	s, ok := v.(sliceVal)
	if !ok {
		return describe(v)
	}
	for _, x := range s {
		if _, ok := x.(string); !ok {
			return describe(x)
		}
	}
	return "?"
}

func (in *interp) stringSlice(v value) ([]string, bool) {
	s, ok := v.(sliceVal)
	if !ok {
		if _, isNil := v.(nilVal); isNil {
			return nil, true
		}
		return nil, false
	}
	out := make([]string, 0, len(s))
	for _, x := range s {
		str, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, str)
	}
	return out, true
}

// validatorCall reads the validate functions whose meaning the output can carry.
func (in *interp) validatorCall(name string, e *ast.CallExpr, sc *scope) (value, bool) {
	switch name {
	case "StringInSlice":
		if len(e.Args) != 2 {
			return nil, false
		}
		sv := in.eval(e.Args[0], sc)
		vals, ok := in.stringSlice(sv)
		ic := in.eval(e.Args[1], sc)
		ignoreCase, icOK := ic.(bool)
		if !ok || !icOK {
			why := firstUnresolved(sv)
			if !icOK {
				why = describe(ic)
			}
			return &validator{unknown: []string{fmt.Sprintf("%s (not resolved: %s)", in.src(e), why)}}, true
		}
		if ignoreCase {
			return &validator{opaque: []string{"case-insensitive " + in.src(e)}}, true
		}
		return &validator{enum: vals, hasEnum: true}, true
	case "IntBetween", "intBetween":
		if len(e.Args) != 2 {
			return nil, false
		}
		lo, ok1 := in.eval(e.Args[0], sc).(int64)
		hi, ok2 := in.eval(e.Args[1], sc).(int64)
		if !ok1 || !ok2 {
			return &validator{unknown: []string{"bounds not resolved in " + in.src(e)}}, true
		}
		return &validator{intRange: &[2]int64{lo, hi}}, true
	case "All", "Any":
		var parts []*validator
		for _, a := range e.Args {
			parts = append(parts, in.asValidator(in.eval(a, sc), a))
		}
		if name == "All" {
			return allOf(parts), true
		}
		return anyOf(parts, in.src(e)), true
	}
	if knownOpaqueValidators[name] {
		return &validator{opaque: []string{in.src(e)}}, true
	}
	return nil, false
}

func (in *interp) asValidator(v value, at ast.Expr) *validator {
	switch v := v.(type) {
	case *validator:
		return v
	case funcRef:
		s := in.src(at)
		if knownOpaqueValidators[v.name] {
			return &validator{opaque: []string{s}}
		}
		return &validator{unknown: []string{s}}
	case nilVal:
		return &validator{}
	}
	s := in.src(at)
	return &validator{unknown: []string{fmt.Sprintf("%s (%s)", s, describe(v))}}
}

// allOf: every check must pass, so each representable part is kept (enums intersect, ranges narrow).
func allOf(parts []*validator) *validator {
	out := &validator{}
	for _, p := range parts {
		out.opaque = append(out.opaque, p.opaque...)
		out.unknown = append(out.unknown, p.unknown...)
		if p.hasEnum {
			if !out.hasEnum {
				out.enum, out.hasEnum = append([]string(nil), p.enum...), true
			} else {
				keep := map[string]bool{}
				for _, s := range p.enum {
					keep[s] = true
				}
				var in []string
				for _, s := range out.enum {
					if keep[s] {
						in = append(in, s)
					}
				}
				out.enum = in
			}
		}
		if p.intRange != nil {
			if out.intRange == nil {
				r := *p.intRange
				out.intRange = &r
			} else {
				if p.intRange[0] > out.intRange[0] {
					out.intRange[0] = p.intRange[0]
				}
				if p.intRange[1] < out.intRange[1] {
					out.intRange[1] = p.intRange[1]
				}
			}
		}
	}
	return out
}

// anyOf: one check must pass; only a union of plain enums can be carried.
func anyOf(parts []*validator, src string) *validator {
	out := &validator{hasEnum: true}
	seen := map[string]bool{}
	for _, p := range parts {
		if !p.hasEnum || p.intRange != nil || len(p.opaque) > 0 || len(p.unknown) > 0 {
			if len(p.unknown) > 0 {
				return &validator{unknown: []string{src}}
			}
			return &validator{opaque: []string{src}}
		}
		for _, s := range p.enum {
			if !seen[s] {
				seen[s] = true
				out.enum = append(out.enum, s)
			}
		}
	}
	return out
}

// callFunc runs a function of the provider's packages on its arguments, straight-line.
func (in *interp) callFunc(fd *funcDecl, e *ast.CallExpr, caller *scope) value {
	if in.depth > maxDepth {
		return unresolved{"calls too deep at " + in.pos(e)}
	}
	sc := &scope{file: fd.file, vars: map[string]value{}, fn: fd.decl.Name.Name}
	args := make([]value, len(e.Args))
	for i, a := range e.Args {
		args[i] = in.eval(a, caller)
	}
	i := 0
	params := fd.decl.Type.Params.List
	for pi, field := range params {
		_, variadic := field.Type.(*ast.Ellipsis)
		for _, n := range field.Names {
			switch {
			case variadic && pi == len(params)-1 && !e.Ellipsis.IsValid():
				var rest sliceVal
				if i < len(args) {
					rest = append(rest, args[i:]...)
				}
				sc.vars[n.Name] = rest
				i = len(args)
			case i < len(args):
				sc.vars[n.Name] = args[i]
				i++
			default:
				sc.vars[n.Name] = unresolved{"missing argument " + n.Name}
			}
		}
	}
	if fd.decl.Body == nil {
		return unresolved{"function without body " + fd.decl.Name.Name}
	}
	v, returned := in.exec(fd.decl.Body.List, sc)
	if !returned {
		return unresolved{fmt.Sprintf("function %s returns nothing the extractor can follow", fd.decl.Name.Name)}
	}
	return v
}

// exec runs statements; it follows assignments, var declarations, delete() and return, and says
// so (in notes) when it skips conditional code that may change the result.
func (in *interp) exec(stmts []ast.Stmt, sc *scope) (value, bool) {
	for _, st := range stmts {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			if len(st.Results) == 0 {
				return unresolved{"bare return at " + in.pos(st)}, true
			}
			return in.eval(st.Results[0], sc), true
		case *ast.AssignStmt:
			in.assign(st, sc)
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for j, n := range vs.Names {
					var v value = nilVal{}
					if len(vs.Values) == len(vs.Names) {
						v = in.eval(vs.Values[j], sc)
					} else if len(vs.Values) > 0 {
						v = unresolved{"multi-value declaration at " + in.pos(vs)}
					} else if vs.Type != nil {
						switch in.sdkKind(vs.Type, sc.file) {
						case "Schema", "Resource":
							v = &structVal{typ: in.sdkKind(vs.Type, sc.file), fields: map[string]*thunk{}, pos: in.pos(vs)}
						}
					}
					sc.vars[n.Name] = v
				}
			}
		case *ast.ExprStmt:
			if c, ok := st.X.(*ast.CallExpr); ok {
				if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "delete" && len(c.Args) == 2 {
					if m, ok := in.eval(c.Args[0], sc).(*mapVal); ok {
						if k, ok := in.eval(c.Args[1], sc).(string); ok {
							delete(m.entries, k)
							continue
						}
					}
					in.note("skipped %q at %s", in.src(c), in.pos(c))
					continue
				}
				// A call that is handed a schema value in scope may change it.
				for _, a := range c.Args {
					if id, ok := a.(*ast.Ident); ok {
						if v, _, ok := sc.lookup(id.Name); ok {
							switch v.(type) {
							case *mapVal, *structVal:
								in.note("call %q at %s not followed; it may change %s", in.src(c), in.pos(c), id.Name)
							}
						}
					}
				}
			}
		case *ast.BlockStmt:
			if v, ret := in.exec(st.List, &scope{file: sc.file, vars: map[string]value{}, parent: sc, fn: sc.fn}); ret {
				return v, true
			}
		case *ast.EmptyStmt:
		default:
			if in.touches(st, sc) {
				in.note("conditional or loop code in %s at %s not followed; the schema may differ at run time", sc.fn, in.pos(st))
			}
		}
	}
	return nil, false
}

// touches tells whether a skipped statement returns, or assigns to a schema value in scope.
func (in *interp) touches(st ast.Stmt, sc *scope) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				root := l
				for {
					switch r := root.(type) {
					case *ast.IndexExpr:
						root = r.X
						continue
					case *ast.SelectorExpr:
						root = r.X
						continue
					}
					break
				}
				if id, ok := root.(*ast.Ident); ok {
					if v, _, ok := sc.lookup(id.Name); ok {
						switch v.(type) {
						case *mapVal, *structVal, sliceVal:
							found = true
						}
					}
				}
			}
		}
		return true
	})
	return found
}

func (in *interp) assign(st *ast.AssignStmt, sc *scope) {
	if len(st.Lhs) != len(st.Rhs) {
		for _, l := range st.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				in.setVar(id.Name, unresolved{"multi-value assignment at " + in.pos(st)}, st.Tok == token.DEFINE, sc)
			}
		}
		return
	}
	for i, l := range st.Lhs {
		var v value
		if st.Tok == token.ASSIGN || st.Tok == token.DEFINE {
			v = in.eval(st.Rhs[i], sc)
		} else {
			v = unresolved{fmt.Sprintf("%q at %s", in.src(st), in.pos(st))}
		}
		switch l := l.(type) {
		case *ast.Ident:
			if l.Name != "_" {
				in.setVar(l.Name, v, st.Tok == token.DEFINE, sc)
			}
		case *ast.IndexExpr:
			m, ok := in.eval(l.X, sc).(*mapVal)
			k, kok := in.eval(l.Index, sc).(string)
			if ok && kok {
				m.entries[k] = done(v)
			} else if ok || in.touches(&ast.AssignStmt{Lhs: []ast.Expr{l}, Tok: token.ASSIGN, Rhs: []ast.Expr{l}}, sc) {
				in.note("skipped %q at %s", in.src(st), in.pos(st))
			}
		case *ast.SelectorExpr:
			if s, ok := in.eval(l.X, sc).(*structVal); ok {
				s.fields[l.Sel.Name] = done(v)
			} else if in.touches(&ast.AssignStmt{Lhs: []ast.Expr{l}, Tok: token.ASSIGN, Rhs: []ast.Expr{l}}, sc) {
				in.note("skipped %q at %s", in.src(st), in.pos(st))
			}
		}
	}
}

func (in *interp) setVar(name string, v value, define bool, sc *scope) {
	if !define {
		if _, owner, ok := sc.lookup(name); ok {
			owner.vars[name] = v
			return
		}
	}
	sc.vars[name] = v
}

// ---------------------------------------------------------------------------------------------
// Output

type emitter struct {
	in       *interp
	item     string   // "resource alicloud_x", "data source alicloud_y", "provider"
	warnings []string // constraints left out
	failures []string // arguments or blocks the output lacks or cannot be trusted for
}

func (em *emitter) warn(path []string, format string, args ...interface{}) {
	em.warnings = append(em.warnings, fmt.Sprintf("%s: argument %s: %s", em.item, strings.Join(path, "."), fmt.Sprintf(format, args...)))
}

func (em *emitter) fail(path []string, format string, args ...interface{}) {
	p := strings.Join(path, ".")
	if p == "" {
		p = "(top)"
	}
	em.failures = append(em.failures, fmt.Sprintf("%s: argument %s: %s", em.item, p, fmt.Sprintf(format, args...)))
}

type obj = map[string]interface{}

func (em *emitter) block(m value, path []string) obj {
	attrs, blocks := obj{}, obj{}
	out := obj{"attributes": attrs, "blocks": blocks}
	mv, ok := m.(*mapVal)
	if !ok {
		if _, isNil := m.(nilVal); isNil || m == nil {
			return out
		}
		em.fail(path, "schema map not resolved (%s)", describe(m))
		return out
	}
	for _, b := range mv.bad {
		em.fail(path, "schema map entry with a key the extractor cannot resolve: %s", b)
	}
	keys := make([]string, 0, len(mv.entries))
	for k := range mv.entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := append(append([]string(nil), path...), k)
		sv, ok := em.in.force(mv.entries[k]).(*structVal)
		if !ok || sv.typ != "Schema" {
			em.fail(p, "schema not resolved (%s)", describe(em.in.force(mv.entries[k])))
			continue
		}
		em.schema(sv, p, attrs, blocks)
	}
	return out
}

func describe(v value) string {
	switch v := v.(type) {
	case unresolved:
		return v.why
	case funcRef:
		if v.unknown {
			return fmt.Sprintf("%s.%s, from a package the extractor did not read", v.pkgPath, v.name)
		}
		return "function " + v.name
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v)
}

func (em *emitter) field(s *structVal, name string) (value, bool) {
	t, ok := s.fields[name]
	if !ok {
		return nil, false
	}
	v := em.in.force(t)
	if _, isNil := v.(nilVal); isNil {
		return nil, false
	}
	return v, true
}

func (em *emitter) boolField(s *structVal, name string, path []string) bool {
	v, ok := em.field(s, name)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		em.fail(path, "%s not resolved (%s)", name, describe(v))
		return false
	}
	return b
}

func (em *emitter) intField(s *structVal, name string, path []string) (int64, bool) {
	v, ok := em.field(s, name)
	if !ok {
		return 0, false
	}
	i, ok := v.(int64)
	if !ok {
		em.fail(path, "%s not resolved (%s)", name, describe(v))
		return 0, false
	}
	return i, true
}

func (em *emitter) stringField(s *structVal, name string, path []string, failIfUnresolved bool) (string, bool) {
	v, ok := em.field(s, name)
	if !ok {
		return "", false
	}
	str, ok := v.(string)
	if !ok {
		if failIfUnresolved {
			em.fail(path, "%s not resolved (%s)", name, describe(v))
		} else {
			em.warn(path, "%s not resolved (%s); left out", name, describe(v))
		}
		return "", false
	}
	return str, true
}

func (em *emitter) schema(s *structVal, path []string, attrs, blocks obj) {
	name := path[len(path)-1]
	tv, _ := em.field(s, "Type")
	typ, ok := tv.(valueType)
	if !ok {
		em.fail(path, "Type not resolved (%s)", describe(tv))
		return
	}
	required := em.boolField(s, "Required", path)
	optional := em.boolField(s, "Optional", path)
	computed := em.boolField(s, "Computed", path)
	mode := configMode("Auto")
	if v, ok := em.field(s, "ConfigMode"); ok {
		if m, ok := v.(configMode); ok {
			mode = m
		} else {
			em.fail(path, "ConfigMode not resolved (%s)", describe(v))
		}
	}
	elem, hasElem := em.field(s, "Elem")

	if (typ == "TypeList" || typ == "TypeSet") && hasElem {
		if r, ok := elem.(*structVal); ok && r.typ == "Resource" && mode != "Attr" {
			nb := obj{"nesting": map[valueType]string{"TypeList": "list", "TypeSet": "set"}[typ]}
			if required {
				nb["required"] = true
			}
			if optional {
				nb["optional"] = true
			}
			if computed {
				nb["computed"] = true
			}
			if n, ok := em.intField(s, "MinItems", path); ok && n > 0 {
				nb["minItems"] = n
			}
			if n, ok := em.intField(s, "MaxItems", path); ok && n > 0 {
				nb["maxItems"] = n
			}
			if d, ok := em.stringField(s, "Deprecated", path, false); ok && d != "" {
				nb["deprecated"] = d
			}
			if d, ok := em.stringField(s, "Removed", path, false); ok && d != "" {
				// Any use of a removed field is an error; the format has no "removed" for blocks,
				// so the block is left out and a validator refuses it as unknown.
				em.warn(path, "removed nested block left out, so that using it is refused as Terraform does: %s", d)
				return
			}
			for _, f := range []string{"ConflictsWith", "ExactlyOneOf", "AtLeastOneOf", "RequiredWith"} {
				if v, ok := em.field(s, f); ok {
					if ss, ok := em.in.stringSlice(v); ok && len(ss) > 0 {
						em.warn(path, "%s %q on a nested block: the format has no place for it, left out", f, ss)
					} else if !ok {
						em.warn(path, "%s on a nested block not resolved (%s); left out", f, describe(v))
					}
				}
			}
			rs, _ := em.field(r, "Schema")
			nb["block"] = em.block(rs, path)
			blocks[name] = nb
			return
		}
	}

	a := obj{}
	t, elemSchema := em.attrType(typ, elem, hasElem, mode, path)
	if t == nil {
		return
	}
	a["type"] = t
	if required {
		// terraform-plugin-sdk v1 lets a DefaultFunc that gives a value other than nil stand in for
		// a required value (core_schema.go coreConfigSchemaAttribute, schema.go schemaMap.validate).
		df, hasDF := em.field(s, "DefaultFunc")
		ed, isEnv := df.(envDefault)
		switch {
		case !hasDF:
			a["required"] = true
		case isEnv && isNil(ed.dv):
			a["required"] = true
			em.warn(path, "Required, but an environment variable (DefaultFunc) can supply it, and Terraform then treats it as optional; kept as required")
		case isEnv && isConst(ed.dv):
			optional = true
			em.warn(path, "Required, but its DefaultFunc falls back to %#v (not nil), so Terraform always treats it as optional; written as optional", ed.dv)
		default:
			a["required"] = true
			em.warn(path, "Required with a DefaultFunc the extractor cannot read (%s); kept as required", describe(df))
		}
	}
	if optional {
		a["optional"] = true
	}
	if computed {
		a["computed"] = true
	}
	if em.boolField(s, "Sensitive", path) {
		a["sensitive"] = true
	}
	if em.boolField(s, "ForceNew", path) {
		a["forceNew"] = true
	}
	for _, f := range [][2]string{{"ConflictsWith", "conflictsWith"}, {"ExactlyOneOf", "exactlyOneOf"}, {"AtLeastOneOf", "atLeastOneOf"}, {"RequiredWith", "requiredWith"}} {
		v, ok := em.field(s, f[0])
		if !ok {
			continue
		}
		ss, ok := em.in.stringSlice(v)
		if !ok {
			em.warn(path, "%s not resolved (%s); left out", f[0], describe(v))
			continue
		}
		if len(ss) > 0 {
			a[f[1]] = ss
		}
	}
	if d, ok := em.stringField(s, "Deprecated", path, false); ok && d != "" {
		a["deprecated"] = d
	}
	if d, ok := em.stringField(s, "Removed", path, false); ok && d != "" {
		a["removed"] = d
	}
	if v, ok := em.field(s, "Default"); ok {
		switch d := v.(type) {
		case string, int64, bool:
			a["default"] = coerceDefault(d, typ)
		case float64:
			a["default"] = d
		default:
			em.warn(path, "Default not resolved (%s); left out", describe(v))
		}
	}
	// terraform-plugin-sdk v1 calls the ValidateFunc of a primitive on its value, the one of a
	// list's or set's element schema on each element, and the one of a map on the whole map.
	vs := s
	switch typ {
	case "TypeList", "TypeSet":
		if _, ok := em.field(s, "ValidateFunc"); ok {
			em.warn(path, "ValidateFunc on a list or set is never called by terraform-plugin-sdk v1; ignored")
		}
		for _, f := range []string{"MinItems", "MaxItems"} {
			if n, ok := em.intField(s, f, path); ok && n > 0 {
				em.warn(path, "%s %d on a list or set attribute: the format has no place for it, left out", f, n)
			}
		}
		vs = elemSchema
	case "TypeMap":
		if v, ok := em.field(s, "ValidateFunc"); ok {
			em.warn(path, "ValidateFunc on a map (called on the whole map), left out: %s", em.in.src(s.fields["ValidateFunc"].expr))
			_ = v
		}
		vs = nil
	}
	if vs != nil {
		if v, ok := em.field(vs, "ValidateFunc"); ok {
			em.validation(em.in.asValidator(v, vs.fields["ValidateFunc"].expr), path, a)
		}
	}
	attrs[name] = a
}

func isNil(v value) bool {
	_, ok := v.(nilVal)
	return ok
}

func isConst(v value) bool {
	switch v.(type) {
	case string, int64, float64, bool:
		return true
	}
	return false
}

func coerceDefault(v value, typ valueType) value {
	if i, ok := v.(int64); ok && typ == "TypeFloat" {
		return float64(i)
	}
	return v
}

func (em *emitter) validation(v *validator, path []string, a obj) {
	if v.hasEnum {
		if v.enum == nil {
			v.enum = []string{}
		}
		a["enum"] = v.enum
	}
	if v.intRange != nil {
		a["intRange"] = []int64{v.intRange[0], v.intRange[1]}
	}
	for _, u := range v.unknown {
		em.warn(path, "validation not understood or not resolved, left out: %s", u)
	}
	for _, o := range v.opaque {
		em.warn(path, "validation the format cannot express, left out: %s", o)
	}
}

// attrType gives the JSON type of an attribute, and the element schema of a collection.
func (em *emitter) attrType(typ valueType, elem value, hasElem bool, mode configMode, path []string) (interface{}, *structVal) {
	switch typ {
	case "TypeString":
		return "string", nil
	case "TypeInt", "TypeFloat":
		return "number", nil
	case "TypeBool":
		return "bool", nil
	case "TypeList", "TypeSet", "TypeMap":
		kind := map[valueType]string{"TypeList": "list", "TypeSet": "set", "TypeMap": "map"}[typ]
		if !hasElem {
			if typ == "TypeMap" {
				return []interface{}{kind, "string"}, nil
			}
			em.fail(path, "%s without Elem", typ)
			return nil, nil
		}
		switch e := elem.(type) {
		case valueType:
			t, _ := em.attrType(e, nil, false, "Auto", path)
			if t == nil {
				return nil, nil
			}
			return []interface{}{kind, t}, nil
		case *structVal:
			if e.typ == "Resource" {
				if typ == "TypeMap" {
					return []interface{}{kind, "string"}, nil
				}
				return []interface{}{kind, "object"}, nil
			}
			if e.typ == "Schema" {
				ev, _ := em.field(e, "Type")
				et, ok := ev.(valueType)
				if !ok {
					em.fail(path, "element Type not resolved (%s)", describe(ev))
					return nil, nil
				}
				inner, hasInner := em.field(e, "Elem")
				t, _ := em.attrType(et, inner, hasInner, "Auto", append(append([]string(nil), path...), "[elem]"))
				if t == nil {
					return nil, nil
				}
				return []interface{}{kind, t}, e
			}
		}
		em.fail(path, "Elem not resolved (%s)", describe(elem))
		return nil, nil
	}
	em.fail(path, "unknown Type %s", typ)
	return nil, nil
}

// ---------------------------------------------------------------------------------------------
// Main

type result struct {
	block    obj
	warnings []string
	failures []string
}

func (in *interp) item(label string, t *thunk, topLevel bool) result {
	in.notes = nil
	em := &emitter{in: in, item: label}
	var schemaMap value
	var res *structVal
	v := in.force(t)
	if s, ok := v.(*structVal); ok && (s.typ == "Resource" || s.typ == "Provider") {
		res = s
		schemaMap, _ = em.field(s, "Schema")
	} else {
		em.fail(nil, "resource not resolved (%s)", describe(v))
		return result{block: obj{"attributes": obj{}, "blocks": obj{}}, failures: em.failures}
	}
	b := em.block(schemaMap, nil)
	if topLevel && res.typ == "Resource" {
		attrs := b["attributes"].(obj)
		blocks := b["blocks"].(obj)
		// terraform-plugin-sdk v1 (helper/schema/core_schema.go, Resource.CoreConfigSchema) adds
		// an optional+computed "id" to every resource and data source that lacks one.
		if _, ok := attrs["id"]; !ok {
			if _, ok := blocks["id"]; !ok {
				attrs["id"] = obj{"type": "string", "optional": true, "computed": true}
			}
		}
		if tv, ok := em.field(res, "Timeouts"); ok {
			var keys []string
			if ts, ok := tv.(*structVal); ok {
				for _, k := range []string{"Create", "Read", "Update", "Delete", "Default"} {
					if _, ok := em.field(ts, k); ok {
						keys = append(keys, strings.ToLower(k))
					}
				}
			}
			_, isAttr := attrs["timeouts"]
			_, isBlock := blocks["timeouts"]
			if !isAttr && !isBlock {
				em.warnings = append(em.warnings, fmt.Sprintf("%s: argument timeouts: Terraform also accepts a single \"timeouts\" block (strings %s); the format cannot express single nesting, left out", label, strings.Join(keys, ", ")))
			}
		}
		if d, ok := em.field(res, "DeprecationMessage"); ok {
			if s, ok := d.(string); ok && s != "" {
				em.warnings = append(em.warnings, fmt.Sprintf("%s: deprecated: %s", label, s))
			}
		}
	}
	for _, n := range in.notes {
		em.failures = append(em.failures, fmt.Sprintf("%s: %s", label, n))
	}
	return result{block: b, warnings: em.warnings, failures: em.failures}
}

var tagRe = regexp.MustCompile(`^v(1\.\d+\.\d+)$`)
var commitRe = regexp.MustCompile(`^[0-9a-f]{40}$`)

func main() {
	src := flag.String("src", "", "the provider's checkout (the folder holding go.mod and alicloud/)")
	out := flag.String("o", "", "output file (default: stdout)")
	tag := flag.String("tag", "", "the provider's release tag, v1.N.M")
	commit := flag.String("commit", "", "the commit of that tag, 40 hex digits")
	all := flag.Bool("all", false, "every resource and data source (to test the extractor; prints a summary)")
	quiet := flag.Bool("quiet", false, "print only the summary, not each warning")
	var mods modFlags
	flag.Var(&mods, "mod", "MODULE=DIR: read constants of that Go module (a dependency in the provider's go.mod, checked out\nat the version go.mod requires) from DIR; repeatable")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: alicloud-schema -src DIR -tag v1.N.M -commit SHA [-o FILE] [-all] NAME... data.NAME...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*src, *out, *tag, *commit, *all, *quiet, mods, flag.Args(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "alicloud-schema:", err)
		os.Exit(1)
	}
}

type modFlags []string

func (m *modFlags) String() string { return strings.Join(*m, ",") }
func (m *modFlags) Set(v string) error {
	if i := strings.Index(v, "="); i <= 0 || i == len(v)-1 {
		return fmt.Errorf("-mod wants MODULE=DIR, got %q", v)
	}
	*m = append(*m, v)
	return nil
}

func run(src, out, tag, commit string, all, quiet bool, mods modFlags, names []string, stdout, stderr io.Writer) error {
	if src == "" {
		return errors.New("-src is required")
	}
	m := tagRe.FindStringSubmatch(tag)
	if m == nil {
		return fmt.Errorf("-tag %q is not a 1.x release tag v1.N.M", tag)
	}
	if !commitRe.MatchString(commit) {
		return fmt.Errorf("-commit %q is not 40 lower-case hex digits", commit)
	}
	if !all && len(names) == 0 {
		return errors.New("name at least one resource (NAME) or data source (data.NAME), or use -all")
	}
	module, requires, err := readGoMod(filepath.Join(src, "go.mod"))
	if err != nil {
		return err
	}
	l := &loader{root: src, module: module, mods: map[string]string{module: src}, requires: requires,
		fset: token.NewFileSet(), pkgs: map[string]*pkgInfo{}, loadErr: map[string]error{}}
	for _, m := range mods {
		i := strings.Index(m, "=")
		path, dir := m[:i], m[i+1:]
		v, ok := requires[path]
		if !ok {
			return fmt.Errorf("-mod %s: not a module the provider's go.mod requires", path)
		}
		if _, err := os.Stat(dir); err != nil {
			return fmt.Errorf("-mod %s: %v", path, err)
		}
		l.mods[path] = dir
		fmt.Fprintf(stderr, "note: constants of %s are read from the folder given with -mod, which must hold the version the provider's go.mod requires: %s\n", path, v)
	}
	p, err := l.load(module + "/alicloud")
	if err != nil {
		return err
	}
	prov, ok := p.funcs["Provider"]
	if !ok {
		return errors.New("no func Provider in alicloud/")
	}
	in := &interp{l: l}
	pv := in.callFunc(prov, &ast.CallExpr{Fun: prov.decl.Name}, &scope{file: prov.file, vars: map[string]value{}})
	provider, ok := pv.(*structVal)
	if !ok || provider.typ != "Provider" {
		return fmt.Errorf("Provider() not resolved: %s", describe(pv))
	}
	resMap, _ := in.force(provider.fields["ResourcesMap"]).(*mapVal)
	dsMap, _ := in.force(provider.fields["DataSourcesMap"]).(*mapVal)
	if resMap == nil || dsMap == nil {
		return errors.New("ResourcesMap or DataSourcesMap not resolved")
	}
	for _, b := range append(resMap.bad, dsMap.bad...) {
		fmt.Fprintln(stderr, "warning: provider map entry not resolved:", b)
	}

	var wantRes, wantDS []string
	if all {
		for k := range resMap.entries {
			wantRes = append(wantRes, k)
		}
		for k := range dsMap.entries {
			wantDS = append(wantDS, k)
		}
	}
	var missing []string
	for _, n := range names {
		if strings.HasPrefix(n, "data.") {
			n = strings.TrimPrefix(n, "data.")
			if _, ok := dsMap.entries[n]; !ok {
				missing = append(missing, "data source "+n)
			}
			wantDS = append(wantDS, n)
		} else {
			if _, ok := resMap.entries[n]; !ok {
				missing = append(missing, "resource "+n)
			}
			wantRes = append(wantRes, n)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("not in the provider at %s: %s", tag, strings.Join(missing, ", "))
	}
	wantRes, wantDS = uniqSorted(wantRes), uniqSorted(wantDS)

	var warnings, failures []string
	provRes := in.item("provider", done(provider), false)
	warnings = append(warnings, provRes.warnings...)
	failures = append(failures, provRes.failures...)
	resources, dataSources := obj{}, obj{}
	var failedItems []string
	full, partial := 0, 0
	do := func(kind string, names []string, from *mapVal, into obj) {
		for _, n := range names {
			r := in.item(kind+" "+n, from.entries[n], true)
			into[n] = r.block
			warnings = append(warnings, r.warnings...)
			failures = append(failures, r.failures...)
			switch {
			case len(r.failures) > 0:
				failedItems = append(failedItems, kind+" "+n)
			case len(r.warnings) > 0:
				partial++
			default:
				full++
			}
		}
	}
	do("resource", wantRes, resMap, resources)
	do("data source", wantDS, dsMap, dataSources)

	doc := obj{
		"provider":      obj{"source": "aliyun/alicloud", "version": m[1], "tag": tag, "commit": commit},
		"providerBlock": provRes.block,
		"resources":     resources,
		"dataSources":   dataSources,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if out == "" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	} else if err := writeFile(out, buf.Bytes()); err != nil {
		return err
	}

	w := bufio.NewWriter(stderr)
	defer w.Flush()
	if !quiet {
		for _, s := range failures {
			fmt.Fprintln(w, "error:", s)
		}
		for _, s := range warnings {
			fmt.Fprintln(w, "warning:", s)
		}
	}
	total := len(wantRes) + len(wantDS)
	fmt.Fprintf(w, "summary: %d resources, %d data sources; %d complete with no warning, %d complete with constraints left out (warnings), %d with errors (%d error lines, %d warning lines)\n",
		len(wantRes), len(wantDS), full, partial, len(failedItems), len(failures), len(warnings))
	_ = total
	for _, f := range failedItems {
		fmt.Fprintln(w, "failed:", f)
	}
	if len(provRes.failures) > 0 {
		fmt.Fprintln(w, "failed: provider block")
	}
	return nil
}

func uniqSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// readGoMod gives the module path and the required module versions of a go.mod.
func readGoMod(goMod string) (string, map[string]string, error) {
	b, err := os.ReadFile(goMod)
	if err != nil {
		return "", nil, err
	}
	module := ""
	requires := map[string]string{}
	inBlock := false
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "module":
			module = f[1]
		case len(f) == 2 && f[0] == "require" && f[1] == "(":
			inBlock = true
		case len(f) == 1 && f[0] == ")":
			inBlock = false
		case len(f) == 3 && f[0] == "require":
			requires[f[1]] = f[2]
		case inBlock && len(f) == 2:
			requires[f[0]] = f[1]
		}
	}
	if module == "" {
		return "", nil, fmt.Errorf("%s has no module line", goMod)
	}
	return module, requires, nil
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
