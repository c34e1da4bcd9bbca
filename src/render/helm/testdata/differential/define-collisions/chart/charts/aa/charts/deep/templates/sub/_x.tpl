{{- define "shared.sub" -}}sub-deep{{- end -}}
