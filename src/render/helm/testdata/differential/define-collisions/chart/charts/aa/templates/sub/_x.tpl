{{- define "shared.sub" -}}sub-aa{{- end -}}
