{{- define "shared.sub" -}}sub-zz{{- end -}}
