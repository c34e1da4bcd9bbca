{{- define "x" -}}
hello
{{- end -}}
