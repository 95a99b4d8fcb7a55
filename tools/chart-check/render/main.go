// Command render prints a Helm 3 chart's manifests the way `helm template` does, for charts that
// use only what this one uses. It runs the same engine Helm runs: Go text/template with sprig's
// function library plus Helm's own functions (include, tpl, required, fail, toYaml, ...).
//
//	render [--release-name gp] [--namespace default] [-f extra.yaml]... [--set a.b=c]... [--notes] CHART_DIR
//
// Differences from Helm that do not matter here: no subcharts, no .Files, no schema validation,
// lookup returns an empty map, and --set takes simple scalars only (no lists, no escapes).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

// Chart, Release and Capabilities carry Helm's capitalised field names (.Chart.AppVersion, ...).
type Chart struct {
	APIVersion  string `yaml:"apiVersion"`
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	AppVersion  string `yaml:"appVersion"`
	Description string `yaml:"description"`
	Type        string `yaml:"type"`
	KubeVersion string `yaml:"kubeVersion"`
}

type Release struct {
	Name, Namespace, Service string
	IsInstall, IsUpgrade     bool
	Revision                 int
}

type KubeVersion struct{ Version, Major, Minor, GitVersion string }

// VersionSet supports `.Capabilities.APIVersions.Has "policy/v1"`.
type VersionSet []string

func (v VersionSet) Has(api string) bool {
	for _, x := range v {
		if x == api {
			return true
		}
	}
	return false
}

type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// Helm's install order for the kinds a chart like this one has; other kinds go last.
var kindOrder = []string{"Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodDisruptionBudget",
	"ServiceAccount", "Secret", "ConfigMap", "PersistentVolumeClaim", "Role", "RoleBinding", "Service",
	"DaemonSet", "Pod", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "Ingress"}

func main() {
	var files, sets listFlag
	release := flag.String("release-name", "gp", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	notes := flag.Bool("notes", false, "print NOTES.txt after the manifests")
	flag.Var(&files, "f", "values file to merge (repeatable)")
	flag.Var(&sets, "set", "a.b.c=value override (repeatable, comma-separated pairs allowed)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: render [flags] CHART_DIR")
		os.Exit(2)
	}
	out, err := render(flag.Arg(0), *release, *namespace, files, sets, *notes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

func render(dir, releaseName, namespace string, files, sets []string, withNotes bool) (string, error) {
	var chart Chart
	if err := readYAML(filepath.Join(dir, "Chart.yaml"), &chart); err != nil {
		return "", err
	}
	kube := KubeVersion{Version: "v1.29.0", Major: "1", Minor: "29", GitVersion: "v1.29.0"}
	if chart.KubeVersion != "" { // Helm refuses a chart whose kubeVersion excludes the cluster's.
		compare := sprig.TxtFuncMap()["semverCompare"].(func(string, string) (bool, error))
		if ok, err := compare(chart.KubeVersion, kube.Version); err != nil || !ok {
			return "", fmt.Errorf("chart requires kubeVersion %s, which %s does not meet", chart.KubeVersion, kube.Version)
		}
	}
	values := map[string]interface{}{}
	for _, f := range append([]string{filepath.Join(dir, "values.yaml")}, files...) {
		var v map[string]interface{}
		if err := readYAML(f, &v); err != nil {
			return "", err
		}
		merge(values, v)
	}
	for _, s := range sets {
		if err := applySet(values, s); err != nil {
			return "", err
		}
	}

	// One template set holds every file, so that include finds the partials (as in Helm).
	root := template.New("gotpl").Option("missingkey=zero")
	root.Funcs(funcMap(root))
	paths, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
	sort.Strings(paths)
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		if _, err := root.New(chart.Name + "/templates/" + filepath.Base(p)).Parse(string(text)); err != nil {
			return "", err
		}
	}
	top := map[string]interface{}{
		"Values":       values,
		"Chart":        chart,
		"Release":      Release{Name: releaseName, Namespace: namespace, Service: "Helm", IsInstall: true, Revision: 1},
		"Capabilities": Capabilities{KubeVersion: kube, APIVersions: VersionSet{"v1", "apps/v1", "policy/v1", "batch/v1"}},
		"Files":        map[string]interface{}{},
	}
	type doc struct{ source, kind, text string }
	var docs []doc
	var notesText string
	for _, p := range paths {
		base := filepath.Base(p)
		if strings.HasPrefix(base, "_") { // partials are only included
			continue
		}
		name := chart.Name + "/templates/" + base
		top["Template"] = map[string]interface{}{"Name": name, "BasePath": chart.Name + "/templates"}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, top); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "") // Helm's missingkey handling
		if base == "NOTES.txt" {
			notesText = text
			continue
		}
		for _, part := range strings.Split("\n"+text, "\n---") { // one file may hold several documents
			if strings.TrimSpace(part) == "" {
				continue
			}
			var head struct{ Kind string }
			_ = yaml.Unmarshal([]byte(part), &head)
			docs = append(docs, doc{name, head.Kind, strings.TrimSpace(part)})
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return rank(docs[i].kind) < rank(docs[j].kind) })
	var out strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", d.source, d.text)
	}
	if withNotes {
		fmt.Fprintf(&out, "\nNOTES:\n%s\n", notesText)
	}
	return out.String(), nil
}

func rank(kind string) int {
	for i, k := range kindOrder {
		if k == kind {
			return i
		}
	}
	return len(kindOrder)
}

// funcMap is sprig's text functions without env access, plus Helm's functions.
func funcMap(root *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	f["include"] = func(name string, data interface{}) (string, error) {
		var b strings.Builder
		err := root.ExecuteTemplate(&b, name, data)
		return b.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err == nil {
			t, err = t.New("tpl").Parse(text)
		}
		if err != nil {
			return "", err
		}
		var b strings.Builder
		err = t.Execute(&b, data)
		return strings.ReplaceAll(b.String(), "<no value>", ""), err
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if s, ok := v.(string); v == nil || (ok && s == "") {
			return v, errors.New(msg)
		}
		return v, nil
	}
	f["fail"] = func(msg string) (string, error) { return "", errors.New(msg) }
	f["toYaml"] = func(v interface{}) string {
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return ""
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	f["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["toJson"] = func(v interface{}) string { b, _ := json.Marshal(v); return string(b) }
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil // no cluster, as with `helm template`
	}
	return f
}

// readYAML decodes a file; numbers become float64, as in Helm, which reads values through JSON.
func readYAML(path string, into interface{}) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if m, ok := into.(*map[string]interface{}); ok {
		*m = normalize(*m).(map[string]interface{})
	}
	return nil
}

func normalize(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		for k, e := range x {
			x[k] = normalize(e)
		}
	case []interface{}:
		for i, e := range x {
			x[i] = normalize(e)
		}
	case int:
		return float64(x)
	}
	return v
}

// merge copies src into dst: maps merge key by key, anything else replaces, null deletes (Helm).
func merge(dst, src map[string]interface{}) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// applySet handles "a.b=1,c=x"; values are typed like Helm's --set: int64, bool, null or string.
func applySet(values map[string]interface{}, expr string) error {
	for _, pair := range strings.Split(expr, ",") {
		eq := strings.Index(pair, "=")
		if eq <= 0 {
			return fmt.Errorf("--set %q: expected key=value", pair)
		}
		path, raw := strings.Split(pair[:eq], "."), pair[eq+1:]
		var val interface{} = raw
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			val = n
		} else if raw == "true" || raw == "false" {
			val = raw == "true"
		} else if raw == "null" {
			val = nil
		}
		m := values
		for _, key := range path[:len(path)-1] {
			next, ok := m[key].(map[string]interface{})
			if !ok {
				next = map[string]interface{}{}
				m[key] = next
			}
			m = next
		}
		if val == nil {
			delete(m, path[len(path)-1])
		} else {
			m[path[len(path)-1]] = val
		}
	}
	return nil
}
