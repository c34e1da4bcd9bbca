{{- define "shared.name" -}}from-aa{{- end -}}
{{- define "only.aa" -}}only-aa{{- end -}}
