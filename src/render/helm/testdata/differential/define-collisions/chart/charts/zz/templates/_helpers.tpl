{{- define "shared.name" -}}from-zz{{- end -}}
{{- define "only.zz" -}}only-zz{{- end -}}
